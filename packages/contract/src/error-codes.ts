/**
 * Every error code OrgKit's API can answer, with its HTTP status: the one table that maps code → status.
 * Codes are stable snake_case; a host's backend must answer the same code for the same rule.
 */
export const ERROR_STATUS = {
  // 400 — the request itself is wrong
  validation_failed: 400,
  invalid_org_name: 400,
  invalid_period: 400,
  idempotency_key_required: 400,
  // 401 / 403 — who is asking
  unauthenticated: 401,
  forbidden: 403,
  org_access_blocked: 403,
  // 404
  not_found: 404,
  org_not_found: 404,
  // 402 — billing stops usage or a purchase
  insufficient_credits: 402,
  member_cap_reached: 402,
  agent_cap_reached: 402,
  card_declined: 402,
  // 409 — the state does not allow it now
  invite_exists: 409,
  already_member: 409,
  seat_limit_reached: 409,
  invite_expired: 409,
  invite_not_pending: 409,
  invite_email_mismatch: 409,
  cannot_assign_owner: 409,
  cannot_change_own_role: 409,
  cannot_change_owner_role: 409,
  cannot_remove_self: 409,
  cannot_remove_owner: 409,
  owner_cannot_leave: 409,
  billing_role_held: 409,
  member_not_deactivated: 409,
  member_not_active: 409,
  transfer_pending: 409,
  transfer_not_pending: 409,
  ineligible_recipient: 409,
  plan_limit_reached: 409,
  upgrade_required: 409,
  contact_sales: 409,
  checkout_required: 409,
  same_plan: 409,
  unsupported_change: 409,
  keep_list_required: 409,
  keep_list_invalid: 409,
  no_pending_change: 409,
  checkout_not_open: 409,
  payment_not_pending: 409,
  payment_pending: 409,
  invoice_not_open: 409,
  autorecharge_package_required: 409,
  model_not_allowed: 409,
  agent_inactive: 409,
  idempotency_key_reused: 409,
  // 422 — well-formed but refers to something that cannot be used
  confirmation_mismatch: 422,
  // 5xx — the server (or, in the mock, an injected fault)
  internal_error: 500,
  service_unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function statusForCode(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
