import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ERROR_CODES,
  ERROR_STATUS,
  ErrorBody,
  InviteBody,
  orgNameProblem,
  RecordUsageBody,
  statusForCode,
  UpdateSettingsBody,
  validationError,
} from '../src/index.js';
import { safeParse } from 'zod/mini';

test('every error code is snake_case and maps to one status in the one table (4xx for rules, 5xx for the server)', () => {
  assert.ok(ERROR_CODES.length > 30);
  for (const code of ERROR_CODES) {
    assert.match(code, /^[a-z]+(?:_[a-z]+)*$/);
    const status = statusForCode(code);
    const serverSide = code === 'internal_error' || code === 'service_unavailable';
    assert.ok(serverSide ? status >= 500 : status >= 400 && status < 500, `${code} → ${String(status)}`);
    assert.equal(status, ERROR_STATUS[code]);
  }
});

test('the error shape parses { error: { code, message, param?, meta? } } and rejects unknown codes', () => {
  assert.ok(safeParse(ErrorBody, { error: { code: 'seat_limit_reached', message: 'Full', meta: { count: 3, limit: 3 } } }).success);
  assert.ok(!safeParse(ErrorBody, { error: { code: 'no_such_code', message: 'x' } }).success);
  assert.ok(!safeParse(ErrorBody, { message: 'x' }).success);
});

test('a bad body becomes one validation_failed error naming the field, with every issue in meta', () => {
  const r = safeParse(InviteBody, { email: 'not-an-email', role: 'wizard', extra: true });
  assert.ok(!r.success);
  const e = validationError(r.error.issues, { email: 'not-an-email', role: 'wizard', extra: true });
  assert.equal(e.code, 'validation_failed');
  assert.equal(e.param, 'email');
  assert.match(e.message, /^email must be a valid email address \(and 2 more\)$/);
  const issues = (e.meta?.issues ?? []) as { param: string; message: string }[];
  assert.deepEqual(issues.map((i) => i.param).sort(), ['email', 'extra', 'role']);
  assert.ok(issues.some((i) => i.message === 'role must be one of "owner", "admin", "builder", "member"'));
  assert.ok(issues.some((i) => i.message === 'extra is not a field you can set'));
});

test('missing, negative and fractional quantities are named clearly', () => {
  const missing = safeParse(RecordUsageBody, { channel: 'chat', modelId: 'm' });
  assert.ok(!missing.success);
  assert.equal(validationError(missing.error.issues, { channel: 'chat', modelId: 'm' }).message, 'words is required');
  const negative = safeParse(RecordUsageBody, { channel: 'chat', modelId: 'm', words: -1 });
  assert.ok(!negative.success);
  assert.equal(validationError(negative.error.issues, { channel: 'chat', modelId: 'm', words: -1 }).message, 'words must be at least 0');
  const fraction = safeParse(RecordUsageBody, { channel: 'chat', modelId: 'm', words: 1.5 });
  assert.ok(!fraction.success);
  assert.equal(validationError(fraction.error.issues, { channel: 'chat', modelId: 'm', words: 1.5 }).message, 'words must be a whole number');
});

test('nested fields are named by their path; a javascript: logo URL is refused', () => {
  const r = safeParse(UpdateSettingsBody, { features: { regularChat: 'yes' }, logoUrl: 'javascript:alert(1)' });
  assert.ok(!r.success);
  const params = validationError(r.error.issues).meta?.issues as { param: string }[];
  assert.deepEqual(params.map((p) => p.param).sort(), ['features.regularChat', 'logoUrl']);
});

test('ORG-4 the shared name check: <, > and http(s) URLs are refused, bare domains pass', () => {
  assert.equal(orgNameProblem('Acme AG'), null);
  assert.equal(orgNameProblem('acme.ch'), null);
  assert.match(orgNameProblem('Acme <b>') ?? '', /< or >/);
  assert.match(orgNameProblem('Visit https://evil.example') ?? '', /web address/);
  assert.match(orgNameProblem('HTTP://EVIL.EXAMPLE') ?? '', /web address/);
  assert.match(orgNameProblem('   ') ?? '', /empty/);
  assert.match(orgNameProblem('x'.repeat(101)) ?? '', /100/);
});
