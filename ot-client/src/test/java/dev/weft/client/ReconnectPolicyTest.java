package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    @Test
    void delay_noJitter_doublesUpToTheCeiling() {
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);
        List<Long> millis = new ArrayList<>();
        for (int attempt = 0; attempt < 7; attempt++) {
            millis.add(policy.delay(attempt, new Random(1)).toMillis());
        }
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L), millis);
    }

    @Test
    void delay_seededJitter_isReproducibleAndWithinBounds() {
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), 3.0, 0.5);
        Random first = new Random(42);
        Random second = new Random(42);
        Random expected = new Random(42);
        for (int attempt = 0; attempt < 10; attempt++) {
            Duration delay = policy.delay(attempt, first);
            assertEquals(delay, policy.delay(attempt, second), "same seed, same schedule");
            double ceiling = Math.min(10_000_000_000.0, 100_000_000.0 * Math.pow(3.0, attempt));
            long exact = (long) (ceiling * (1.0 - 0.5 * expected.nextDouble()));
            assertEquals(exact, delay.toNanos(), "attempt " + attempt);
            assertTrue(delay.toNanos() >= ceiling / 2 && delay.toNanos() <= ceiling, "attempt " + attempt);
        }
    }

    @Test
    void delay_hugeAttempt_staysAtTheCeiling() {
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(30), 2.0, 0.0);
        assertEquals(Duration.ofSeconds(30), policy.delay(5000, new Random()));
    }

    @Test
    void constructor_badValues_failWithTheValue() {
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ZERO, second, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(second, Duration.ofMillis(10), 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(second, second, 0.5, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(second, second, 2, 1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }
}
