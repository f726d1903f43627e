import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import { backoffMs, isRetryable } from '../../../core/exchange/index';

describe('delivery back-off', () => {
  it('doubles the wait after each failed try, up to the cap', () => {
    const top = (tries: number) => backoffMs(tries, 1000, 60_000, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(top)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(top(500)).toBe(60_000);
  });

  it('spreads retries with jitter between half and all of the wait, so agencies do not retry in step', () => {
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(2000);
    const samples = Array.from({ length: 200 }, () => backoffMs(3, 1000, 60_000));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(4000);
    expect(new Set(samples).size).toBeGreaterThan(20);
  });

  it('retries what may pass later (axis down or failing, clock skew, wrong connection settings), not a package the axis refused', () => {
    for (const code of ['AXIS_UNREACHABLE', 'AXIS_SERVER_ERROR', 'AXIS_AUTH_STALE', 'AXIS_AUTH_BAD_SIGNATURE']) expect(isRetryable(new AppError(code, 'x'))).toBe(true);
    for (const code of ['EDXML_MALFORMED', 'AXIS_UNKNOWN_RECIPIENT', 'EXCHANGE_CONFIDENTIAL', 'VALIDATION']) expect(isRetryable(new AppError(code, 'x'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
  });
});
