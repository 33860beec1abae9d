package dev.weft.client;

import dev.weft.ot.Selection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WeftClient} wired to a {@link FakeServer} and a {@link ManualScheduler}, with listeners
 * called on the test's thread: every step of a test is deterministic.
 */
final class Harness implements AutoCloseable {
    static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.5);
    static final long SEED = 1234;

    final FakeServer server = new FakeServer();
    final ManualScheduler clock = new ManualScheduler();
    final List<ConnectionStatus> statuses = new ArrayList<>();
    final WeftClient client;

    Harness() {
        this(null, null);
    }

    Harness(String clientId, Path offlineQueue) {
        WeftClient.Builder builder = WeftClient.builder(URI.create("ws://127.0.0.1:1/ws"))
                .user("Alice", "#e91e63")
                .reconnectPolicy(POLICY)
                .heartbeat(Duration.ofSeconds(1), Duration.ofMillis(500))
                .connectTimeout(Duration.ofSeconds(2))
                .presenceInterval(Duration.ofMillis(100))
                .listenerExecutor(Runnable::run)
                .offlineQueue(offlineQueue);
        if (clientId != null) {
            builder.clientId(clientId);
        }
        builder.transport = server;
        builder.scheduler = clock;
        builder.random = new Random(SEED);
        builder.clockMicros = () -> 1_000_000;
        client = builder.build();
        client.addStatusListener(statuses::add);
    }

    /** Connects and accepts the connection: the client is online. */
    FakeServer.Attempt online() {
        client.connect();
        return server.accept();
    }

    /** Opens {@code doc} online and answers with a snapshot; returns the document and its recorder. */
    Opened open(FakeServer.Attempt attempt, String doc, long version, String text) {
        Recorder events = new Recorder();
        CompletableFuture<ClientDocument> future = client.open(doc, events);
        attempt.deliver(FakeServer.snapshot(doc, version, text));
        return new Opened(now(future), events);
    }

    static <T> T now(CompletableFuture<T> future) {
        try {
            return future.get(0, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the future has not completed: " + future, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    record Opened(ClientDocument doc, Recorder events) {}

    /** Records a document's events. */
    static final class Recorder implements DocumentListener {
        final List<RemoteEdit> edits = new ArrayList<>();
        final List<Presence> presence = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<Object> signals = new ArrayList<>();
        final List<ChatMessage> chat = new ArrayList<>();

        @Override
        public void onRemoteEdit(RemoteEdit edit) {
            edits.add(edit);
        }

        @Override
        public void onPresence(Presence p) {
            presence.add(p);
        }

        @Override
        public void onSignal(String clientId, Object data) {
            signals.add(data);
        }

        @Override
        public void onChat(ChatMessage message) {
            chat.add(message);
        }

        @Override
        public void onError(String code, String message) {
            errors.add(code);
        }

        Selection lastSelectionOf(String clientId) {
            for (int i = presence.size() - 1; i >= 0; i--) {
                if (presence.get(i).clientId().equals(clientId)) {
                    return presence.get(i).selection();
                }
            }
            throw new AssertionError("no presence of " + clientId);
        }
    }
}
