package dev.weft.server;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.OtClient;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.util.concurrent.TimeUnit;

/**
 * A test editor: an {@link OtClient} for one document, fed by a {@link WireClient}. Local edits
 * and server messages both go through this object's lock.
 */
final class TypingClient implements AutoCloseable {
    private final WireClient wire;
    private final String doc;
    private OtClient ot;
    private Throwable failure;

    private TypingClient(WireClient wire, String doc) {
        this.wire = wire;
        this.doc = doc;
    }

    /** Says hello, opens {@code doc} fresh, and starts following it. */
    static TypingClient open(int port, String clientId, String doc) throws Exception {
        TypingClient client = new TypingClient(WireClient.hello(port, clientId), doc);
        client.wire.send("type", "open", "doc", doc);
        JsonNode snapshot = client.wire.skipTo("snapshot");
        synchronized (client) {
            client.ot = new OtClient(clientId, snapshot.path("v").asLong(), snapshot.path("text").asText(), client::send);
        }
        client.wire.listen(client::onMessage);
        return client;
    }

    synchronized void type(TextOperation op) {
        ot.applyLocal(op);
    }

    synchronized String text() {
        return ot.text().toString();
    }

    synchronized long version() {
        return ot.version();
    }

    /** Waits until every local edit is acked. */
    void awaitIdle() throws InterruptedException {
        awaitSynchronized(-1);
    }

    /** Waits until nothing is pending and the client has seen {@code version} (any version if negative). */
    void awaitSynchronized(long version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WireClient.WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (failure != null) {
                    fail("the client failed", failure);
                }
                if (ot.state() == OtClient.State.SYNCHRONIZED && (version < 0 || ot.version() == version)) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        synchronized (this) {
            fail("client " + ot.clientId() + " is " + ot.state() + " at version " + ot.version() + ", expected "
                    + version);
        }
    }

    private void send(Submission submission) {
        try {
            wire.send("type", "submit", "doc", doc, "v", submission.baseVersion(), "seq", submission.seq(),
                    "op", Json.operation(submission.op()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void onMessage(JsonNode message) {
        try {
            switch (message.path("type").asText()) {
                case "op" -> receive(message);
                case "ops" -> message.path("ops").forEach(this::receive);
                case "ack" -> ot.receiveAck(message.path("v").asLong());
                case "error" -> throw new IllegalStateException("server error: " + message);
                default -> { }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void receive(JsonNode op) {
        ot.receive(new CommittedOp(op.path("v").asLong(), op.path("clientId").asText(), op.path("seq").asLong(),
                Json.operation(op.path("op"))));
    }

    @Override
    public void close() {
        wire.close();
    }
}
