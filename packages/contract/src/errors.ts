import * as z from 'zod/mini';

import type { ErrorCode } from './error-codes.js';
import { ERROR_CODES } from './error-codes.js';

export { ERROR_CODES, ERROR_STATUS, statusForCode } from './error-codes.js';
export type { ErrorCode } from './error-codes.js';

/** The one error shape: `{ error: { code, message, param?, meta? } }`. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    param: z.optional(z.string()),
    meta: z.optional(z.record(z.string(), z.unknown())),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export type ErrorDetail = ErrorBody['error'];
