package dev.weft.server;

/**
 * A token bucket: {@code perSecond} tokens refill each second, and at most {@code perSecond} are
 * saved up, so a client may burst up to one second's worth. Not thread-safe: used by one
 * connection's reading thread, or under {@link AddressLimits}' per-address lock.
 */
final class RateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int perSecond;
    private double tokens;
    private long refilledAt;

    RateLimiter(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.refilledAt = nowNanos;
    }

    /** Takes one token if there is one. */
    boolean tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Whether the bucket has refilled completely: forgetting it then loses nothing. */
    boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= perSecond;
    }

    /** Readings from several threads may arrive out of order; an older one adds nothing. */
    private void refill(long nowNanos) {
        if (nowNanos > refilledAt) {
            tokens = Math.min(perSecond, tokens + (double) (nowNanos - refilledAt) * perSecond / NANOS_PER_SECOND);
            refilledAt = nowNanos;
        }
    }
}
