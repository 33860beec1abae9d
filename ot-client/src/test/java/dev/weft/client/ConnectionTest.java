package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connecting, reconnecting and heartbeats, against a fake transport and a manual clock. */
class ConnectionTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void connect_welcomed_saysHelloWithItsIdAndGoesOnline() {
        FakeServer.Attempt attempt = h.online();
        assertEquals(h.client.clientId(), attempt.last("hello").get("clientId").asText());
        assertEquals("Alice", attempt.last("hello").at("/user/name").asText());
        assertEquals(List.of(ConnectionStatus.CONNECTING, ConnectionStatus.ONLINE), h.statuses);
        assertEquals(ConnectionStatus.ONLINE, h.client.status());
    }

    @Test
    void connect_failingAttempts_retryOnTheSeededBackoffSchedule() {
        h.client.connect();
        Random jitter = new Random(Harness.SEED);
        for (int attempt = 0; attempt < 6; attempt++) {
            h.server.current().fail();
            assertEquals(ConnectionStatus.RECONNECTING, h.client.status());
            Duration delay = Harness.POLICY.delay(attempt, jitter);
            int before = h.server.attempts.size();
            h.clock.advance(delay.minusNanos(1));
            assertEquals(before, h.server.attempts.size(), "retried before the backoff of attempt " + attempt);
            h.clock.advance(Duration.ofNanos(1));
            assertEquals(before + 1, h.server.attempts.size(), "no retry after the backoff of attempt " + attempt);
        }
    }

    @Test
    void reconnect_afterAWelcome_startsTheBackoffAgain() {
        h.client.connect();
        h.server.current().fail();
        h.clock.advance(Duration.ofSeconds(1));
        h.server.current().fail();
        h.clock.advance(Duration.ofSeconds(1));
        h.server.accept();
        h.server.current().closeFromServer();
        Random jitter = new Random(Harness.SEED);
        jitter.nextDouble();
        jitter.nextDouble();
        Duration firstDelayAgain = Harness.POLICY.delay(0, jitter);
        int before = h.server.attempts.size();
        h.clock.advance(firstDelayAgain);
        assertEquals(before + 1, h.server.attempts.size());
    }

    @Test
    void heartbeat_pongInTime_keepsTheConnection() {
        FakeServer.Attempt attempt = h.online();
        h.clock.advance(Duration.ofSeconds(1));
        for (int beat = 0; beat < 5; beat++) {
            long t = attempt.last("ping").get("t").asLong();
            h.clock.advance(Duration.ofMillis(450));
            attempt.deliver(FakeServer.message("pong", m -> m.put("t", t)));
            h.clock.advance(Duration.ofMillis(550));
        }
        assertEquals(6, attempt.sent("ping").size(), attempt.frames.toString());
        assertFalse(attempt.aborted);
        assertEquals(ConnectionStatus.ONLINE, h.client.status());
    }

    @Test
    void heartbeat_missingPong_dropsTheConnectionAndReconnects() {
        FakeServer.Attempt attempt = h.online();
        h.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, attempt.sent("ping").size());
        h.clock.advance(Duration.ofMillis(499));
        assertEquals(ConnectionStatus.ONLINE, h.client.status());
        h.clock.advance(Duration.ofMillis(1));
        assertTrue(attempt.aborted, "a connection without pong is dropped");
        assertEquals(ConnectionStatus.RECONNECTING, h.client.status());
        h.clock.advance(Duration.ofSeconds(1));
        assertEquals(2, h.server.attempts.size());
    }

    @Test
    void connect_noWelcomeInTime_retries() {
        h.client.connect();
        h.server.current().open();
        h.clock.advance(Duration.ofSeconds(2));
        assertTrue(h.server.current().aborted);
        assertEquals(ConnectionStatus.RECONNECTING, h.client.status());
    }

    @Test
    void receive_unreadableFrame_dropsAndReconnects() {
        FakeServer.Attempt attempt = h.online();
        attempt.listener.onText("{\"type\": \"op\", \"doc\": \"notes\"}");
        assertTrue(attempt.aborted);
        assertEquals(ConnectionStatus.RECONNECTING, h.client.status());
    }

    @Test
    void lateEvents_ofADroppedConnection_areIgnored() {
        FakeServer.Attempt first = h.online();
        first.closeFromServer();
        h.clock.advance(Duration.ofSeconds(1));
        FakeServer.Attempt second = h.server.accept();
        first.fail();
        first.closeFromServer();
        assertEquals(ConnectionStatus.ONLINE, h.client.status());
        assertFalse(second.aborted);
    }

    @Test
    void close_stopsForGood() {
        FakeServer.Attempt attempt = h.online();
        h.client.close();
        assertTrue(attempt.clientClosed);
        assertEquals(ConnectionStatus.CLOSED, h.client.status());
        assertTrue(h.server.closed, "the transport is released");
        h.clock.advance(Duration.ofMinutes(1));
        assertEquals(1, h.server.attempts.size());
        assertEquals(0, h.clock.pending(), "no timer is left behind");
    }
}
