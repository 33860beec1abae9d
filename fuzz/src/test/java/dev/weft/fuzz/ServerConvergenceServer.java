package dev.weft.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.Rope;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoredDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server of one {@link ServerConvergenceRun}: a real {@link WeftServer} on the default SQLite
 * store in a data directory of its own, started on a free loopback port and restarted on the same
 * port and data, so that clients come back to it by themselves. Reads the documents over HTTP
 * while it runs, and the store directly once it is stopped.
 */
final class ServerConvergenceServer implements AutoCloseable {
    /** A document as the server has it. */
    record State(long version, String text) {}

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final int BIND_ATTEMPTS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDirectory;
    private final ServerConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private WeftServer server;
    /** 0 until the first start picks a port. */
    private int port;

    ServerConvergenceServer(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        // Heartbeats a little faster than the default, so a stalled connection is found within the run.
        this.config = ServerConfig.builder().host("127.0.0.1").port(0).dataDirectory(dataDirectory)
                .heartbeatInterval(Duration.ofSeconds(1)).build();
    }

    /** Starts on a free port the first time, then on that same port. */
    void start() throws InterruptedException {
        if (server != null) {
            throw new IllegalStateException("the server is running already");
        }
        if (port == 0) {
            server = new WeftServer(config).start();
            port = server.port();
            return;
        }
        ServerConfig samePort = config.toBuilder().port(port).build();
        for (int attempt = 1; ; attempt++) {
            try {
                server = new WeftServer(samePort).start();
                return;
            } catch (UncheckedIOException e) {
                // Jetty reuses the address, but a socket of the last run may hold the port a moment.
                if (attempt == BIND_ATTEMPTS) {
                    throw new AssertionError("could not restart the server on port " + port + ": " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the server: connections close, accepted work finishes, the store closes. */
    void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    boolean isRunning() {
        return server != null;
    }

    /** The port the server listens on, the same across restarts. */
    int port() {
        if (port == 0) {
            throw new IllegalStateException("the server was never started");
        }
        return port;
    }

    /** The document's latest version and text, from {@code GET /api/docs/{id}}. */
    State read(String documentId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/docs/" + documentId))
                .timeout(HTTP_TIMEOUT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/docs/" + documentId + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        return new State(body.path("v").asLong(), body.path("text").asText());
    }

    /**
     * With the server stopped: replays every stored operation of the document from the empty
     * text, in version order, checking that versions run 1, 2, 3, ... without a gap and that no
     * {@code (clientId, seq)} was committed twice. Also checks that {@code load} (the latest
     * snapshot plus the operations after it, what a restart starts from) gives the same text.
     *
     * @return the replayed version and text
     */
    State replayStoredHistory(String documentId) {
        if (server != null) {
            throw new IllegalStateException("stop the server before reading its store");
        }
        try (SqliteDocumentStore store = SqliteDocumentStore.open(dataDirectory)) {
            List<CommittedOp> ops = store.ops(documentId, 0, Long.MAX_VALUE);
            Rope text = Rope.empty();
            Set<String> submissions = new HashSet<>();
            for (int i = 0; i < ops.size(); i++) {
                CommittedOp entry = ops.get(i);
                if (entry.version() != i + 1) {
                    throw new AssertionError(documentId + ": stored operation " + i + " has version " + entry.version()
                            + ", expected " + (i + 1));
                }
                if (!submissions.add(entry.clientId() + "#" + entry.seq())) {
                    throw new AssertionError(documentId + ": (" + entry.clientId() + ", " + entry.seq()
                            + ") was committed twice, the second time as version " + entry.version());
                }
                text = entry.op().apply(text);
            }
            StoredDocument loaded = store.load(documentId).orElseThrow(
                    () -> new AssertionError(documentId + ": the store does not know the document"));
            Rope fromSnapshot = Rope.of(loaded.snapshotText());
            for (CommittedOp entry : loaded.ops()) {
                fromSnapshot = entry.op().apply(fromSnapshot);
            }
            if (loaded.version() != ops.size() || !fromSnapshot.equals(text)) {
                throw new AssertionError(documentId + ": the stored snapshot " + loaded.snapshotVersion()
                        + " plus its tail gives version " + loaded.version() + " \"" + fromSnapshot
                        + "\", but the whole history gives version " + ops.size() + " \"" + text + "\"");
            }
            return new State(ops.size(), text.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
