package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void tryAcquire_burstOfOneSecond_thenRefused() {
        RateLimiter limiter = new RateLimiter(5, 0);
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire(0));
        }
        assertFalse(limiter.tryAcquire(0));
    }

    @Test
    void tryAcquire_afterWaiting_refilledAtTheRateButNoMoreThanABurst() {
        RateLimiter limiter = new RateLimiter(5, 0);
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire(0);
        }
        assertTrue(limiter.tryAcquire(SECOND / 5));
        assertFalse(limiter.tryAcquire(SECOND / 5));
        long later = 100 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire(later));
        }
        assertFalse(limiter.tryAcquire(later));
    }
}
