import { describe, expect, it } from 'vitest';
import { TokenBucket } from './limits';

describe('TokenBucket', () => {
  it('allows a burst, then the refill rate', () => {
    const bucket = new TokenBucket(10, 5, 0);
    expect([1, 2, 3, 4, 5, 6].map(() => bucket.take(1, 0))).toEqual([true, true, true, true, true, false]);
    expect(bucket.take(1, 50)).toBe(false); // 0.5 token refilled
    expect(bucket.take(1, 100)).toBe(true); // 1 token
    expect(bucket.take(5, 10_000)).toBe(true); // capped at capacity
    expect(bucket.take(1, 10_000)).toBe(false);
  });

  it('charges weighted costs', () => {
    const bucket = new TokenBucket(1, 3, 0);
    expect(bucket.take(3, 0)).toBe(true);
    expect(bucket.take(2, 1000)).toBe(false);
    expect(bucket.take(2, 2000)).toBe(true);
  });
});
