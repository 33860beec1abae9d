package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionThrottleTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> sent = new ArrayList<>();
    private String current = "";
    private final SelectionThrottle throttle =
            new SelectionThrottle(clock, Duration.ofMillis(100), () -> sent.add(current + "@" + clock.nanoTime() / 1_000_000));

    @Test
    void request_afterQuiet_sendsAtOnce() {
        current = "a";
        throttle.request();
        assertEquals(List.of("a@0"), sent);
    }

    @Test
    void request_burstWithinInterval_sendsOnlyTheLastAtTheIntervalsEnd() {
        current = "a";
        throttle.request();
        for (String s : new String[] {"b", "c", "d"}) {
            clock.advance(Duration.ofMillis(20));
            current = s;
            throttle.request();
        }
        assertEquals(List.of("a@0"), sent);
        clock.advance(Duration.ofMillis(40));
        assertEquals(List.of("a@0", "d@100"), sent);
    }

    @Test
    void request_steadyStream_sendsAtMostOncePerIntervalAndTheLastWins() {
        for (int ms = 0; ms < 1000; ms += 10) {
            current = "s" + ms;
            throttle.request();
            clock.advance(Duration.ofMillis(10));
        }
        List<Long> times = sent.stream().map(s -> Long.parseLong(s.substring(s.indexOf('@') + 1))).toList();
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i) - times.get(i - 1) >= 100, "updates too close: " + sent);
        }
        assertEquals(11, sent.size(), sent.toString());
        assertEquals("s990@1000", sent.get(sent.size() - 1), "the last request wins");
    }

    @Test
    void cancel_dropsTheScheduledUpdate() {
        throttle.request();
        clock.advance(Duration.ofMillis(10));
        throttle.request();
        throttle.cancel();
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, sent.size());
    }
}
