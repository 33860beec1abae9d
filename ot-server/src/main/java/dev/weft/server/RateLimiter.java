package dev.weft.server;

/**
 * A token bucket: {@code perSecond} tokens refill each second, and at most {@code perSecond} are
 * saved up, so a client may burst up to one second's worth. Used by one connection's reading
 * thread only.
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
        double refill = (double) (nowNanos - refilledAt) * perSecond / NANOS_PER_SECOND;
        tokens = Math.min(perSecond, tokens + refill);
        refilledAt = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
