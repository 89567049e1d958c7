import type { ErrorBody, ErrorCode, ErrorDetail } from '@orgkit/contract';
import { WIRE_SCHEMAS, wireProblem } from '@orgkit/contract/wire';

/**
 * Typed errors: one class per status family (as openai-node and stripe-node do), carrying the contract's
 * `code`, `param` and `meta` so a host can branch on `err.code === 'seat_limit_reached'`.
 */
export class OrgKitError extends Error {
  override name = 'OrgKitError';
}

export class ApiError extends OrgKitError {
  override name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode | 'unknown_error';
  readonly param: string | undefined;
  readonly meta: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, detail: Omit<ErrorDetail, 'code'> & { code: ErrorCode | 'unknown_error' }, requestId?: string) {
    super(detail.message);
    this.status = status;
    this.code = detail.code;
    this.param = detail.param;
    this.meta = detail.meta;
    this.requestId = requestId;
  }
}

export class BadRequestError extends ApiError { override name = 'BadRequestError'; }
export class AuthenticationError extends ApiError { override name = 'AuthenticationError'; }
export class PaymentRequiredError extends ApiError { override name = 'PaymentRequiredError'; }
export class PermissionDeniedError extends ApiError { override name = 'PermissionDeniedError'; }
export class NotFoundError extends ApiError { override name = 'NotFoundError'; }
export class ConflictError extends ApiError { override name = 'ConflictError'; }
export class UnprocessableEntityError extends ApiError { override name = 'UnprocessableEntityError'; }
export class RateLimitError extends ApiError { override name = 'RateLimitError'; }
export class InternalServerError extends ApiError { override name = 'InternalServerError'; }

/** The network failed (offline, DNS, CORS refused): no HTTP answer at all. */
export class ConnectionError extends OrgKitError { override name = 'ConnectionError'; }
/** No answer within the client's timeout. */
export class TimeoutError extends OrgKitError { override name = 'TimeoutError'; }
/** The server answered 2xx with a body that does not match the contract. */
export class ResponseValidationError extends OrgKitError {
  override name = 'ResponseValidationError';
  readonly issues: unknown;
  constructor(message: string, issues: unknown) {
    super(message);
    this.issues = issues;
  }
}

const BY_STATUS: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** Build the typed error for an HTTP error answer; a body outside the contract still yields a useful error. */
export function errorFromResponse(status: number, body: unknown, requestId?: string): ApiError {
  const Cls = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : ApiError);
  if (wireProblem('#ErrorBody', body, WIRE_SCHEMAS) === null) return new Cls(status, (body as ErrorBody).error, requestId);
  return new Cls(status, { code: 'unknown_error', message: `The server answered ${String(status)} without an OrgKit error body.` }, requestId);
}
