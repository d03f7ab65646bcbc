import type { RateLimitConfig } from './web-config.js';

/** Go's rate.Limiter semantics: starts full, one token back per interval, at most `burst` banked. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = config.burst;
    this.last = now();
  }

  tryTake(): boolean {
    const now = this.now();
    const refill = Math.max(0, now - this.last) / this.config.intervalMs;
    this.tokens = Math.min(this.config.burst, this.tokens + refill);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
