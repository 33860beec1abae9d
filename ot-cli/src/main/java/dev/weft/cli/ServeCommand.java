package dev.weft.cli;

import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.DocumentStore;
import dev.weft.server.store.PostgresDocumentStore;
import dev.weft.server.store.StoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft serve}: the document server on its embedded default, SQLite in a data directory,
 * until Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Runs the Weft document server: the WebSocket protocol at /ws and the HTTP API beside it"
                    + " (docs/protocol.md), documents stored durably in SQLite in the data directory.",
            "With --store postgresql://host:port/db?user=name (or WEFT_STORE), documents live in PostgreSQL"
                    + " instead, and several nodes can serve them at once (docs/deployment.md).",
            "Stops cleanly on Ctrl-C: work already accepted is finished and the database is closed.",
            "Without token auth it listens on loopback only, unless --insecure (docs/security.md)."})
final class ServeCommand implements Callable<Integer> {
    /** A document id to show in the editor page's URL; any id works. */
    private static final String EXAMPLE_DOCUMENT = "notes";

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "the address to listen on; 0.0.0.0 for every interface, which needs token auth or"
                    + " --insecure (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "8080",
            description = "the port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = {"-d", "--data-dir"}, paramLabel = "D", defaultValue = "weft-data",
            description = "where documents are stored; created if missing (default: ${DEFAULT-VALUE})")
    private Path dataDirectory;

    @Mixin
    ServeSecurityOptions security = new ServeSecurityOptions();

    @Option(names = "--store", paramLabel = "URL", defaultValue = "${env:WEFT_STORE}",
            description = "a PostgreSQL database shared by several nodes, postgresql://host:port/db?user=name;"
                    + " default: SQLite in --data-dir (environment: WEFT_STORE)")
    private String store;

    @Option(names = "--broadcast-window", paramLabel = "D", defaultValue = "${env:WEFT_BROADCAST_WINDOW:-0s}",
            converter = DurationConverter.class,
            description = "a busy document's ops reach each participant at most once per this window, together;"
                    + " 0s sends each op at once (default: ${DEFAULT-VALUE}; environment: WEFT_BROADCAST_WINDOW)")
    private Duration broadcastWindow;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private WeftServer server;
    private DocumentStore sharedStore;

    @Override
    public Integer call() throws InterruptedException {
        WeftServer running = start();
        Thread shutdownHook = new Thread(this::stop, "weft-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        printAddresses(running.port());
        try {
            stopped.await();
        } finally {
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is what stopped the server.
            }
        }
        return ExitCodes.OK;
    }

    /** Stops the server and lets {@link #call()} return: what Ctrl-C does, through the shutdown hook. */
    void stop() {
        WeftServer running;
        synchronized (this) {
            running = server;
            server = null;
        }
        if (running != null) {
            spec.commandLine().getErr().println("weft: stopping the server");
            spec.commandLine().getErr().flush();
            running.stop();
            if (sharedStore != null) {
                sharedStore.close();
            }
        }
        stopped.countDown();
    }

    private synchronized WeftServer start() {
        ServerConfig config;
        try {
            ServerConfig.Builder builder = security.applyTo(
                    ServerConfig.builder().host(host).port(port).dataDirectory(dataDirectory))
                    .broadcastWindow(broadcastWindow);
            if (store != null && !store.isBlank()) {
                sharedStore = openStore(store);
                builder.store(sharedStore);
            }
            config = builder.build();
        } catch (IllegalArgumentException e) {
            closeSharedStore();
            throw new BadInputException(e.getMessage(), e);
        }
        try {
            server = new WeftServer(config).start();
        } catch (UncheckedIOException e) {
            closeSharedStore();
            throw new BadInputException(e.getMessage(), e);
        } catch (StoreException e) {
            throw new BadInputException("cannot open the data directory " + dataDirectory + ": " + e.getMessage(), e);
        }
        return server;
    }

    private static DocumentStore openStore(String address) {
        if (!PostgresDocumentStore.isAddress(address)) {
            throw new BadInputException("--store takes a PostgreSQL address, postgresql://host:port/db?user=name;"
                    + " for SQLite leave it out and give --data-dir");
        }
        try {
            return PostgresDocumentStore.open(address);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (StoreException e) {
            throw new BadInputException("cannot open the store: " + e.getMessage(), e);
        }
    }

    private void closeSharedStore() {
        if (sharedStore != null) {
            sharedStore.close();
            sharedStore = null;
        }
    }

    private void printAddresses(int boundPort) {
        boolean everyInterface = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        String authority = (everyInterface ? "localhost" : host.contains(":") && !host.startsWith("[")
                ? "[" + host + "]" : host) + ":" + boundPort;
        PrintWriter out = spec.commandLine().getOut();
        String http = security.tlsEnabled() ? "https://" : "http://";
        String ws = security.tlsEnabled() ? "wss://" : "ws://";
        out.printf("Weft server listening on %s:%d%s, documents in %s%n", host, boundPort,
                everyInterface ? " (every interface)" : "",
                sharedStore != null ? sharedStore : dataDirectory.toAbsolutePath().normalize());
        String editor = http + authority + "/d/" + EXAMPLE_DOCUMENT;
        if (servesPage(editor)) {
            out.println("  Editor     " + editor + "   (any document id after /d/)");
        }
        out.println("  WebSocket  " + ws + authority + "/ws");
        out.println("  HTTP API   " + http + authority + "/api/docs/{id}");
        out.println("  Health     " + http + authority + "/healthz");
        out.println("  Metrics    " + http + authority + "/metrics");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** Whether the server answers {@code url} with a page: the editor page exists only in later builds. */
    private static boolean servesPage(String url) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200
                    && response.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
