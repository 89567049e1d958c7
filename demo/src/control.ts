import type { ControlRouteName, ControlState, Currency } from '@orgkit/contract';
import { CONTROL_BASE, CONTROL_ROUTES, ErrorBody, fillPath } from '@orgkit/contract';
import { safeParse } from 'zod/mini';

/** The mock control API (/__orgkit/…): the demo's control drawer talks to it; the elements never do. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly meta: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function control<T = unknown>(
  name: ControlRouteName,
  options: { params?: Record<string, string>; body?: unknown; token?: string | null; idempotencyKey?: string } = {},
): Promise<T> {
  const route = CONTROL_ROUTES[name];
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const res = await fetch(`${CONTROL_BASE}${fillPath(route.path, options.params ?? {})}`, {
    method: route.method,
    headers,
    ...(route.method === 'GET' ? {} : { body: JSON.stringify(options.body ?? {}) }),
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = safeParse(ErrorBody, data);
    throw err.success
      ? new ControlError(err.data.error.message, err.data.error.code, err.data.error.meta ?? {})
      : new ControlError(`Control API answered ${String(res.status)}`, 'unknown_error');
  }
  return data as T;
}

export const controlState = () => control<ControlState>('state');

/** A payment as the control API lists it (pending ones can be settled or declined). */
export interface ControlPayment {
  id: string;
  invoiceId: string;
  amount: number;
  currency: Currency;
  status: 'pending' | 'succeeded' | 'failed';
  via: 'card' | 'checkout';
  description: string;
  createdAt: string;
  settledAt: string | null;
}
