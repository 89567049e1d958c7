import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelay } from '../src/index.js';

test('backoff doubles from 0.5 s per attempt, capped at 8 s, with up to 25 % jitter below', () => {
  for (const [attempt, full] of [[0, 500], [1, 1000], [2, 2000], [3, 4000], [4, 8000], [9, 8000]] as const) {
    assert.equal(retryDelay(attempt, null, () => 0), full);
    assert.equal(retryDelay(attempt, null, () => 1), full * 0.75);
  }
});

test('Retry-After in seconds or as an HTTP date wins; one over 60 s or unreadable falls back to backoff', () => {
  const none = () => 0;
  assert.equal(retryDelay(0, '2', none), 2000);
  assert.equal(retryDelay(0, '0', none), 0);
  const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
  const fromDate = retryDelay(0, inTenSeconds, none);
  assert.ok(fromDate > 8_000 && fromDate <= 10_000);
  assert.equal(retryDelay(1, '3600', none), 1000);
  assert.equal(retryDelay(1, 'soon', none), 1000);
  assert.equal(retryDelay(1, '-5', none), 1000);
});
