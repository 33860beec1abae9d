package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.Test;

class OutboxTest {
    /** A session whose writes complete only when the test says so, like a client that does not read. */
    private final List<Callback> pendingWrites = new ArrayList<>();
    private Integer closedWith;
    private boolean disconnected;
    private final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "isOpen" -> closedWith == null;
                case "sendText" -> pendingWrites.add((Callback) args[1]);
                case "close" -> {
                    closedWith = (Integer) args[0];
                    yield null;
                }
                case "disconnect" -> {
                    disconnected = true;
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void send_clientReads_queueDrains() {
        Outbox outbox = new Outbox(session, 100);
        outbox.send("x".repeat(60));
        outbox.send("y".repeat(40));
        assertEquals(100, outbox.queuedBytes());
        pendingWrites.forEach(Callback::succeed);
        assertEquals(0, outbox.queuedBytes());
        assertNull(closedWith);
    }

    @Test
    void send_clientDoesNotRead_closedWhenQueueOverLimit() {
        Outbox outbox = new Outbox(session, 100);
        outbox.send("x".repeat(60));
        outbox.send("y".repeat(60));
        assertEquals(StatusCode.POLICY_VIOLATION, closedWith);
        assertTrue(disconnected, "a client that does not read cannot receive the close frame: the socket is dropped");
        assertEquals(1, pendingWrites.size(), "the message over the limit is not queued");
        outbox.send("z");
        assertEquals(1, pendingWrites.size(), "nothing is queued on a closed session");
    }

    @Test
    void send_failedWrite_releasesItsBytes() {
        Outbox outbox = new Outbox(session, 100);
        outbox.send("x".repeat(60));
        pendingWrites.get(0).fail(new IllegalStateException("broken pipe"));
        assertEquals(0, outbox.queuedBytes());
    }
}
