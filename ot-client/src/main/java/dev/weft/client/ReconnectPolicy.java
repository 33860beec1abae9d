package dev.weft.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a {@link WeftClient} waits before each reconnection attempt: exponential backoff with
 * a ceiling and jitter. Attempt {@code n} (from 0) waits
 * {@code min(maxDelay, initialDelay * multiplier^n) * (1 - jitter * r)} with {@code r} uniform in
 * [0, 1), so many clients cut off at once do not all come back at the same instant. The count
 * starts again at 0 once a connection is welcomed.
 *
 * @param initialDelay the delay before the first retry, positive
 * @param maxDelay the ceiling, at least {@code initialDelay}
 * @param multiplier the growth factor per attempt, at least 1
 * @param jitter the fraction of each delay that is randomized, from 0 (none) to 1 (full jitter)
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    /** 250 ms, doubling up to 30 s, with half of each delay randomized. */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(Duration.ofMillis(250), Duration.ofSeconds(30), 2.0, 0.5);
    }

    /** Checks the values up front. */
    public ReconnectPolicy {
        if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initial reconnect delay must be positive, was " + initialDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "max reconnect delay must be at least the initial delay " + initialDelay + ", was " + maxDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("reconnect multiplier must be at least 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("reconnect jitter must be between 0 and 1, was " + jitter);
        }
    }

    /**
     * The delay before attempt {@code attempt} (0 for the first retry).
     *
     * @param random the source of the jitter; seed it to make a schedule reproducible
     */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative, was " + attempt);
        }
        double ceiling = maxDelay.toNanos();
        // Math.pow overflows to infinity for large attempts; min() then caps it at the ceiling.
        double exponential = Math.min(ceiling, initialDelay.toNanos() * Math.pow(multiplier, attempt));
        double jittered = exponential * (1.0 - jitter * random.nextDouble());
        return Duration.ofNanos(Math.max(1, (long) jittered));
    }
}
