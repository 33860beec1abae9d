package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A client given several nodes moves to the next one after each lost connection or failed attempt. */
class FailoverTest {
    private static final URI A = URI.create("ws://10.0.0.1:8080/ws");
    private static final URI B = URI.create("ws://10.0.0.2:8080/ws");
    private static final URI C = URI.create("ws://10.0.0.3:8080/ws");

    @Test
    void lostConnectionsAndFailedAttempts_tryTheNodesInTurn() {
        FakeServer server = new FakeServer();
        ManualScheduler clock = new ManualScheduler();
        WeftClient.Builder builder = WeftClient.builder(A).failover(List.of(B, C))
                .reconnectPolicy(Harness.POLICY).listenerExecutor(Runnable::run);
        builder.transport = server;
        builder.scheduler = clock;
        builder.random = new Random(Harness.SEED);
        try (WeftClient client = builder.build()) {
            client.connect();
            server.accept();
            assertEquals(ConnectionStatus.ONLINE, client.status());

            server.current().closeFromServer();
            clock.advance(Duration.ofSeconds(10));
            server.current().fail();
            clock.advance(Duration.ofSeconds(10));
            server.current().fail();
            clock.advance(Duration.ofSeconds(10));
            server.accept();

            assertEquals(List.of(A, B, C, A), server.uris);
            assertEquals(ConnectionStatus.ONLINE, client.status());
            // The node that stays up keeps the client: a later loss moves on from there.
            server.current().closeFromServer();
            clock.advance(Duration.ofSeconds(10));
            assertEquals(B, server.uris.get(server.uris.size() - 1));
        }
    }

    @Test
    void failover_notAWebSocketUri_isRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeftClient.builder(A).failover(List.of(URI.create("http://10.0.0.2/ws"))));
        assertTrue(e.getMessage().contains("http://10.0.0.2/ws"), e.getMessage());
    }
}
