/**
 * Per-client throttling: a token bucket for each connection, so a client flooding the server
 * (a stuck key, a script) is slowed down alone while everyone else is served as usual. Pure:
 * the clock comes in as an argument.
 */

export interface BucketOptions {
  /** Messages a client may send in a burst. */
  burst: number;
  /** Messages a second it may send in the long run. */
  perSecond: number;
  /** Refused messages within `windowMs` after which the connection is closed. */
  closeAfter: number;
  windowMs: number;
}

export const CLIENT_LIMITS: BucketOptions = { burst: 30, perSecond: 10, closeAfter: 500, windowMs: 10_000 };

export type Verdict = 'accept' | 'refuse' | 'refuseQuietly' | 'close';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private refused: number[] = [];
  private lastNotice = -Infinity;

  constructor(
    private readonly options: BucketOptions,
    now: number,
  ) {
    this.tokens = options.burst;
    this.last = now;
  }

  /**
   * Whether to handle a message arriving at `now` (ms): accept it, refuse it with a notice (at
   * most one a second, so refusals do not become a flood of their own), refuse it quietly, or
   * close the connection after too many refusals.
   */
  take(now: number): Verdict {
    const o = this.options;
    this.tokens = Math.min(o.burst, this.tokens + ((now - this.last) / 1000) * o.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'accept';
    }
    this.refused.push(now);
    while (this.refused.length > 0 && this.refused[0] < now - o.windowMs) this.refused.shift();
    if (this.refused.length >= o.closeAfter) return 'close';
    if (now - this.lastNotice >= 1000) {
      this.lastNotice = now;
      return 'refuse';
    }
    return 'refuseQuietly';
  }
}
