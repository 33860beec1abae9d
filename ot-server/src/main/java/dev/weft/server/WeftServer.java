package dev.weft.server;

import dev.weft.server.store.DocumentStore;
import dev.weft.server.store.PostgresDocumentStore;
import dev.weft.server.store.SqliteDocumentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Weft document server: the WebSocket protocol of docs/protocol.md at {@code /ws}, beside
 * the HTTP API, on Jetty 12. Documents are kept in the {@link ServerConfig#store() configured
 * store}, by default SQLite in the data directory.
 *
 * <pre>{@code
 * try (WeftServer server = new WeftServer(ServerConfig.builder().port(0).build()).start()) {
 *     System.out.println("listening on " + server.port());
 * }
 * }</pre>
 *
 * <p>Each document runs its work one task at a time on a shared pool of threads, so operations
 * are committed and broadcast in version order; an operation is acked only once the store made it
 * durable. docs/architecture.md ("Server") describes the threads.
 */
public final class WeftServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WeftServer.class);
    /**
     * Documents that can commit at once. A commit waits for the store's group commit, so this
     * bounds how many commits one SQLite transaction can gather.
     */
    private static final int DOCUMENT_THREADS = 64;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ServerConfig config;
    private Server jetty;
    private ServerConnector connector;
    private DocumentStore store;
    private ThreadPoolExecutor documentPool;
    private ScheduledExecutorService timer;
    private ServerContext context;
    private Cluster cluster;
    private final EventStreams streams = new EventStreams();
    private boolean started;

    /** A server with these settings; {@link #start()} starts it. */
    public WeftServer(ServerConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
    }

    /**
     * Opens the store (unless one was given), binds the port and starts serving.
     *
     * @return this server
     * @throws IllegalStateException if the server was started before
     * @throws dev.weft.server.store.StoreException if the store cannot be opened
     * @throws UncheckedIOException if the port cannot be bound
     */
    public synchronized WeftServer start() {
        if (started) {
            throw new IllegalStateException("the server was already started; create a new WeftServer to restart");
        }
        started = true;
        Thread warmUp = new Thread(Json::warmUp, "weft-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        store = config.store() != null ? config.store() : SqliteDocumentStore.open(config.dataDirectory());
        documentPool = new ThreadPoolExecutor(DOCUMENT_THREADS, DOCUMENT_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("weft-document-"));
        documentPool.allowCoreThreadTimeOut(true);
        Heartbeat heartbeat = new Heartbeat();
        Documents documents = new Documents(id -> new Document(id, new SerialExecutor(documentPool), context));
        cluster = store instanceof PostgresDocumentStore shared
                ? new PostgresCluster(shared, documents, config.heartbeatInterval()) : Cluster.single();
        timer = Executors.newSingleThreadScheduledExecutor(threads("weft-timer-"));
        context = new ServerContext(config, store, documents, heartbeat,
                new ServerMetrics(heartbeat::count, documents::size), new Access(config), cluster, timer);
        try {
            startJetty();
        } catch (Exception e) {
            stop();
            throw new UncheckedIOException("cannot start the server on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
        long interval = config.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(() -> {
            heartbeat.tick(System.currentTimeMillis());
            streams.keepAlive();
            context.access().addresses().forgetIdle(System.nanoTime());
        }, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("Weft server listening on {}:{}{}", config.host(), port(), config.tlsEnabled() ? " (TLS)" : "");
        logSecurity();
        return this;
    }

    /**
     * The port the server listens on: the configured one, or the one picked for port 0.
     *
     * @throws IllegalStateException if the server is not running
     */
    public synchronized int port() {
        if (jetty == null || !jetty.isStarted()) {
            throw new IllegalStateException("the server is not running");
        }
        return connector.getLocalPort();
    }

    /**
     * Closes every connection, finishes the work already accepted, and closes the store if the
     * server opened it. Stopping twice does nothing.
     */
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        streams.endAll();
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                LOG.warn("Jetty did not stop cleanly", e);
            }
            jetty = null;
        }
        if (documentPool != null) {
            documentPool.shutdown();
            try {
                if (!documentPool.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("document tasks were still running after {}", STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            documentPool = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (store != null && config.store() == null) {
            store.close();
        }
        store = null;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void startJetty() throws Exception {
        QueuedThreadPool threadPool = new QueuedThreadPool();
        threadPool.setName("weft-http");
        jetty = new Server(threadPool);
        jetty.setStopTimeout(STOP_TIMEOUT.toMillis());
        connector = config.tlsEnabled() ? TlsConnector.create(jetty, config) : new ServerConnector(jetty);
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);
        WebSocketUpgradeHandler webSocket = WebSocketUpgradeHandler.from(jetty, container -> {
            container.setMaxTextMessageSize(config.maxMessageBytes());
            container.setMaxBinaryMessageSize(config.maxMessageBytes());
            // The heartbeat finds dead clients; this only catches a connection where nothing moves at all.
            long heartbeatMillis = config.heartbeatInterval().toMillis();
            container.setIdleTimeout(Duration.ofMillis(Math.max(config.idleTimeout().toMillis(), 3 * heartbeatMillis)));
            container.addMapping("/ws", new WebSocketUpgrade(context));
        });
        webSocket.setHandler(httpHandler());
        jetty.setHandler(webSocket);
        jetty.start();
    }

    /**
     * The HTTP API beside the WebSocket (request bodies are held to the WebSocket message limit),
     * then the editor page when the build included it.
     */
    private Handler httpHandler() {
        SizeLimitHandler documentsApi = new SizeLimitHandler(config.maxMessageBytes(), -1);
        documentsApi.setHandler(new DocumentsApi(context, streams));
        Handler.Sequence handlers = new Handler.Sequence(documentsApi, new StatusApi(context, streams));
        EditorPage.fromClasspath().ifPresent(handlers::addHandler);
        return handlers;
    }

    /** Says what the server lets anyone do, loudly where that is everything. */
    private void logSecurity() {
        if (config.authEnabled()) {
            LOG.info("token auth on: every connection and request needs a valid token (docs/security.md)");
        } else if (ServerConfig.isLoopback(config.host())) {
            LOG.warn("no authentication configured: anyone on this machine may read and change every document;"
                    + " listening on the loopback address {} only (docs/security.md)", config.host());
        } else {
            LOG.warn("INSECURE: no authentication, listening on {}: anyone who can reach this port may read and"
                    + " change every document. Configure token auth (docs/security.md).", config.host());
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
