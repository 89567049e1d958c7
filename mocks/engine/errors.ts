import type { CrashPoint, ErrorCode, ErrorDetail } from '@orgkit/contract';
import { statusForCode, validationError } from '@orgkit/contract';
import type * as z from 'zod/mini';

/** A refused command: a stable code from the contract, a clear message, the field at fault, and metadata. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;
  readonly param: string | undefined;
  readonly meta: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { param?: string; meta?: Record<string, unknown> } = {}) {
    super(message);
    this.code = code;
    this.param = options.param;
    this.meta = options.meta;
  }

  get status(): number {
    return statusForCode(this.code);
  }

  toJSON(): ErrorDetail {
    return {
      code: this.code,
      message: this.message,
      ...(this.param === undefined ? {} : { param: this.param }),
      ...(this.meta === undefined ? {} : { meta: this.meta }),
    };
  }

  static fromIssues(issues: readonly z.core.$ZodIssue[], input?: unknown): DomainError {
    const detail = validationError(issues, input);
    return new DomainError(detail.code, detail.message, {
      ...(detail.param === undefined ? {} : { param: detail.param }),
      ...(detail.meta === undefined ? {} : { meta: detail.meta }),
    });
  }
}

/**
 * An injected crash (the mock's `faults.crashAfter`): the request stops dead at a named step, as a server process
 * would. Not a refusal — whatever the command wrote before that step stays written, and recovery is the next
 * request's job. Answered as a 500.
 */
export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
  constructor(readonly point: CrashPoint) {
    super(`Injected fault: the request crashed after step ${point}.`);
  }
}

export function fail(
  code: ErrorCode,
  message: string,
  options: { param?: string; meta?: Record<string, unknown> } = {},
): never {
  throw new DomainError(code, message, options);
}
