/**
 * Reconnect delays: exponential backoff with jitter, as the Java client's ReconnectPolicy.
 * Attempt n (from 0) waits min(maxMs, initialMs * multiplier^n) * (1 - jitter * r), r uniform in
 * [0, 1): spread out, so that clients cut off together do not come back together.
 */
export class ReconnectPolicy {
  constructor({ initialMs = 250, maxMs = 30_000, multiplier = 2, jitter = 0.5 } = {}) {
    positive('initialMs', initialMs);
    positive('maxMs', maxMs);
    if (maxMs < initialMs) {
      throw new RangeError(`maxMs (${maxMs}) must not be below initialMs (${initialMs})`);
    }
    if (!(multiplier >= 1)) {
      throw new RangeError(`multiplier must be at least 1, was ${multiplier}`);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new RangeError(`jitter must be between 0 and 1, was ${jitter}`);
    }
    Object.assign(this, { initialMs, maxMs, multiplier, jitter });
    Object.freeze(this);
  }

  /** The delay before attempt `attempt` (0 for the first retry), given `random()` in [0, 1). */
  delay(attempt, random = Math.random) {
    if (!Number.isInteger(attempt) || attempt < 0) {
      throw new RangeError(`attempt must be a non-negative integer, was ${attempt}`);
    }
    // Past about 64 doublings the power is Infinity; min() keeps it at the ceiling.
    const ceiling = Math.min(this.maxMs, this.initialMs * this.multiplier ** attempt);
    return Math.round(ceiling * (1 - this.jitter * random()));
  }
}

function positive(name, value) {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive number of milliseconds, was ${value}`);
  }
}
