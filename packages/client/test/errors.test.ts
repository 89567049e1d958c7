import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  errorFromResponse,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
} from '../src/index.js';

test('an error answer becomes the typed class of its status, with code, param and meta from the body', () => {
  const e = errorFromResponse(409, { error: { code: 'seat_limit_reached', message: 'All 3 seats are taken.', meta: { count: 3, limit: 3 } } }, 'req_1');
  assert.ok(e instanceof ConflictError);
  assert.ok(e instanceof ApiError);
  assert.equal(e.code, 'seat_limit_reached');
  assert.equal(e.message, 'All 3 seats are taken.');
  assert.deepEqual(e.meta, { count: 3, limit: 3 });
  assert.equal(e.requestId, 'req_1');
});

test('each status family has its class', () => {
  const cases: [number, typeof ApiError][] = [
    [400, BadRequestError], [401, AuthenticationError], [402, PaymentRequiredError], [403, PermissionDeniedError],
    [404, NotFoundError], [409, ConflictError], [429, RateLimitError], [500, InternalServerError], [503, InternalServerError],
  ];
  for (const [status, Cls] of cases) {
    const e = errorFromResponse(status, { error: { code: 'forbidden', message: 'x' } });
    assert.ok(e instanceof Cls, `${String(status)} → ${Cls.name}`);
    assert.equal(e.status, status);
  }
});

test('a body outside the contract still gives a typed, explained error', () => {
  const e = errorFromResponse(502, '<html>Bad gateway</html>');
  assert.ok(e instanceof InternalServerError);
  assert.equal(e.code, 'unknown_error');
  assert.match(e.message, /502/);
});
