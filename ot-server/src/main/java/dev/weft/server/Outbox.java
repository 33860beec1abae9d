package dev.weft.server;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The outgoing side of one connection. Sends never block the caller (a document's thread): each
 * text goes to Jetty's asynchronous {@code sendText}, and the bytes not yet written are counted.
 * A client that lets more than the bound ({@link ServerConfig#maxQueuedBytes()}, by default
 * {@link #MAX_QUEUED_BYTES}) pile up does not read, and is closed, as OkHttp does, rather than
 * letting its backlog grow without bound.
 */
final class Outbox {
    /** OkHttp's limit for one WebSocket's outgoing queue. */
    static final long MAX_QUEUED_BYTES = 16L << 20;

    private final Session session;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();

    Outbox(Session session, long maxQueuedBytes) {
        this.session = session;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Queues {@code text}; closes the connection instead if the client has fallen too far behind. */
    void send(String text) {
        if (!session.isOpen()) {
            return;
        }
        // UTF-16 length: a cheap estimate of the UTF-8 size that never undercounts ASCII.
        long size = text.length();
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            session.close(StatusCode.POLICY_VIOLATION, "outgoing queue over " + maxQueuedBytes
                    + " bytes: the client does not read", Callback.NOOP);
            // The close frame waits behind everything queued, which the client does not read: drop the socket.
            session.disconnect();
            return;
        }
        session.sendText(text, Callback.from(() -> queuedBytes.addAndGet(-size), failure -> queuedBytes.addAndGet(-size)));
    }

    /** Bytes queued and not yet written. */
    long queuedBytes() {
        return queuedBytes.get();
    }
}
