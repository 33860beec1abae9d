package dev.weft.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a Weft document server (docs/protocol.md) and the documents open over it.
 *
 * <pre>{@code
 * try (WeftClient client = WeftClient.builder(URI.create("ws://127.0.0.1:8080/ws"))
 *         .user("Ada", "#e91e63")
 *         .build()) {
 *     client.connect();
 *     ClientDocument notes = client.open("notes").get(10, TimeUnit.SECONDS);
 *     notes.edit(TextOperation.insert(0, "hello"));
 * }
 * }</pre>
 *
 * <p>The client reconnects by itself after a lost connection, with exponential backoff
 * ({@link ReconnectPolicy}), and notices a dead connection by heartbeat. Edits are accepted while
 * offline and sent after the reconnect; with an {@linkplain Builder#offlineQueue offline-queue
 * file} they also survive a restart of the application. docs/client.md has the details.
 *
 * <p><b>Threading.</b> Thread-safe: one lock guards the client and its documents. The server's
 * messages are applied on the {@linkplain Builder#listenerExecutor listener executor}, and the
 * listener calls each one causes run there, outside the lock, before the next is applied; timers
 * run on a timer thread of the client's own. docs/client.md ("Threading") has the details.
 */
public final class WeftClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WeftClient.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    /**
     * The largest message the client takes: a snapshot carries a whole document (the server's
     * default limit is 10 million code points, up to 40 MB of UTF-8, more with JSON escapes).
     */
    private static final long MAX_MESSAGE_BYTES = 256L << 20;

    private final Object lock = new Object();
    private final String clientId;
    private final EventQueue events;
    private final ClientResources resources = new ClientResources();
    private final DocumentRegistry documents;
    private final Connector connector;
    private final List<Consumer<ConnectionStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private boolean started;
    private boolean closed;
    /** The connection the documents were last opened on; 0 while offline. */
    private int liveConnection;
    /** The token every hello carries; replaced by {@link #refreshToken}. */
    private volatile String token;

    private WeftClient(Builder builder) {
        OfflineFile offlineFile = resources.openOfflineFile(builder.offlineQueue);
        ClientIdentity identity;
        try {
            identity = ClientIdentity.choose(builder.clientId, offlineFile, builder.clockMicros);
        } catch (RuntimeException e) {
            resources.release();
            throw e;
        }
        clientId = identity.clientId();
        token = builder.token;
        events = new EventQueue(builder.listenerExecutor != null ? builder.listenerExecutor : resources.listenerThread());
        Scheduler scheduler = builder.scheduler != null ? builder.scheduler
                : builder.timerExecutor != null ? Scheduler.of(builder.timerExecutor, lock)
                : resources.timerThread(lock);
        Transport transport = resources.own(builder.transport != null ? builder.transport
                : new JettyTransport(builder.connectTimeout, MAX_MESSAGE_BYTES));
        documents = new DocumentRegistry(lock, new DocumentRegistry.Shared(clientId, this::send,
                this::maxMessageBytes, identity.seqs(), scheduler, events, builder.presenceInterval,
                builder.reconnectPolicy.initialDelay()), offlineFile);
        connector = new Connector(lock, builder.serverUris(), transport, scheduler, builder.reconnectPolicy,
                builder.random, new Connector.Timing(builder.heartbeatInterval, builder.heartbeatTimeout,
                        builder.connectTimeout),
                () -> ClientMessages.hello(clientId, builder.userName, builder.userColor, token), new ConnectionEvents());
        try {
            synchronized (lock) {
                documents.restore();
            }
        } catch (RuntimeException e) {
            // Leave the file as it is: it holds the only copy of those edits.
            resources.release();
            throw new UncheckedIOException(new IOException("the offline-queue file " + builder.offlineQueue
                    + " does not fit its own documents: " + e.getMessage(), e));
        }
    }

    /** A builder for a client of the server at {@code serverUri}, for example {@code ws://127.0.0.1:8080/ws}. */
    public static Builder builder(URI serverUri) {
        return new Builder(serverUri);
    }

    /** This client's id: the one given, the one in the offline-queue file, or a generated one; stable across reconnects. */
    public String clientId() {
        return clientId;
    }

    /** Starts connecting, and keeps reconnecting until {@link #close()}. Calling it again does nothing. */
    public void connect() {
        synchronized (lock) {
            requireOpen();
            if (!started) {
                started = true;
                connector.start();
            }
        }
    }

    /** The connection's status now. */
    public ConnectionStatus status() {
        synchronized (lock) {
            return connector.status();
        }
    }

    /** Adds a listener for status changes; it runs on the listener executor. */
    public void addStatusListener(Consumer<ConnectionStatus> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("status listener must not be null");
        }
        statusListeners.add(listener);
    }

    /** Removes a status listener. */
    public void removeStatusListener(Consumer<ConnectionStatus> listener) {
        statusListeners.remove(listener);
    }

    /**
     * Replaces the token, for example shortly before the old one expires: the live connection
     * gets it at once (an {@code auth} message), and every later connection says hello with it.
     * The token must be for the same user; a server refuses another user's on a live connection.
     *
     * @throws IllegalArgumentException if {@code freshToken} is null or empty
     */
    public void refreshToken(String freshToken) {
        requireToken(freshToken);
        synchronized (lock) {
            requireOpen();
            token = freshToken;
            send(ClientMessages.auth(freshToken));
        }
    }

    /** Opens a document without a listener: {@link #open(String, DocumentListener)}. */
    public CompletableFuture<ClientDocument> open(String documentId) {
        return open(documentId, null);
    }

    /**
     * Opens a document. The future completes once the document has its text: the server's
     * snapshot, or at once for a document with pending edits in the offline-queue file (editable
     * offline). Opening a document that is open already returns the same document.
     *
     * @param documentId 1 to 128 characters of {@code A-Z a-z 0-9 . _ ~ -}
     * @param listener receives the document's events from the start, so it sees the first
     *     presence list; null for none
     * @throws IllegalArgumentException if {@code documentId} is not a valid document id
     */
    public CompletableFuture<ClientDocument> open(String documentId, DocumentListener listener) {
        if (documentId == null || !DOCUMENT_ID.matcher(documentId).matches()) {
            throw new IllegalArgumentException(
                    "document id must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -, was " + documentId);
        }
        synchronized (lock) {
            requireOpen();
            return documents.open(documentId, listener, liveConnection != 0);
        }
    }

    /**
     * Closes the connection and releases the client's threads. Pending edits stay in the
     * offline-queue file, if there is one, and are sent by the next client that uses it; without
     * one they are lost, so {@link ClientDocument#flush()} first to be sure they arrived.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            documents.shutDown();
            connector.close();
        }
        resources.release();
    }

    /** Drops the connection as if it died, to exercise reconnection. */
    void dropConnection() {
        synchronized (lock) {
            connector.dropConnection("dropped on purpose");
        }
    }

    private boolean send(String frame) {
        return connector.send(liveConnection, frame);
    }

    private long maxMessageBytes() {
        return connector.maxMessageBytes();
    }

    private static void requireToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    /** The connector's events, routed to the documents and the status listeners. */
    private final class ConnectionEvents implements Connector.Events {
        // Applied on the listener executor, in the order they happened (see EventQueue).
        @Override
        public void onOnline(int connection) {
            events.runAfter(lock, () -> {
                liveConnection = connection;
                documents.onOnline();
            });
        }

        @Override
        public void onOffline() {
            events.runAfter(lock, () -> {
                liveConnection = 0;
                documents.onOffline();
            });
        }

        @Override
        public void onMessage(ServerMessage message) {
            events.runAfter(lock, () -> {
                try {
                    documents.route(message);
                } catch (RuntimeException e) {
                    // A bug or an unexpected state: start over from a fresh catch-up rather than diverge.
                    LOG.error("could not handle a {} message; reconnecting", message.getClass().getSimpleName(), e);
                    connector.dropConnection("could not handle a message: " + e);
                }
            });
        }

        @Override
        public void onStatus(ConnectionStatus status) {
            for (Consumer<ConnectionStatus> listener : statusListeners) {
                events.execute(() -> listener.accept(status));
            }
        }
    }

    /**
     * Configures a {@link WeftClient}. Defaults: a generated client id, no user name or colour,
     * {@link ReconnectPolicy#defaults()}, a ping every 15 s answered within 10 s, a 10 s connect
     * timeout, at most 10 presence updates a second, no offline-queue file, one listener thread.
     */
    public static final class Builder {
        private final URI serverUri;
        private List<URI> failover = List.of();
        private String clientId;
        private String userName;
        private String userColor;
        private String token;
        private ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration presenceInterval = Duration.ofMillis(100);
        private Path offlineQueue;
        private Executor listenerExecutor;
        private ScheduledExecutorService timerExecutor;
        Transport transport;
        Scheduler scheduler;
        RandomGenerator random = new Random();
        LongSupplier clockMicros = () -> System.currentTimeMillis() * 1000;

        private Builder(URI serverUri) {
            this.serverUri = webSocketUri(serverUri);
        }

        private static URI webSocketUri(URI uri) {
            if (uri == null || !("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("server URI must be a ws:// or wss:// URI, was " + uri);
            }
            return uri;
        }

        /**
         * Other nodes serving the same documents (several Weft nodes on one database): when the
         * connection is lost or an attempt fails, the client tries the next URI in turn, after the
         * {@link #reconnectPolicy reconnect policy}'s delay, starting with the builder's URI.
         */
        public Builder failover(List<URI> others) {
            if (others == null) {
                throw new IllegalArgumentException("failover URIs must not be null");
            }
            this.failover = others.stream().map(Builder::webSocketUri).toList();
            return this;
        }

        List<URI> serverUris() {
            List<URI> all = new ArrayList<>();
            all.add(serverUri);
            all.addAll(failover);
            return all;
        }

        /**
         * The client id, 1 to 64 characters of {@code A-Z a-z 0-9 _ -}. Give one only if the
         * application keeps it for the same user and device; without one, the client generates a
         * random id (or takes the offline-queue file's).
         */
        public Builder clientId(String id) {
            if (id == null || !CLIENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("client id must be 1 to 64 characters of A-Z a-z 0-9 _ -, was " + id);
            }
            this.clientId = id;
            return this;
        }

        /** The user's name and colour (for example {@code "#e91e63"}) shown to the other participants. */
        public Builder user(String name, String color) {
            this.userName = name;
            this.userColor = color;
            return this;
        }

        /**
         * The signed token (JWT) the embedding application issued for this user, sent in every
         * hello; needed by a server with token auth (docs/security.md). Replace it later with
         * {@link WeftClient#refreshToken}.
         */
        public Builder token(String signedToken) {
            requireToken(signedToken);
            this.token = signedToken;
            return this;
        }

        /** How long to wait between reconnection attempts. */
        public Builder reconnectPolicy(ReconnectPolicy policy) {
            if (policy == null) {
                throw new IllegalArgumentException("reconnect policy must not be null");
            }
            this.reconnectPolicy = policy;
            return this;
        }

        /**
         * Sends a protocol {@code ping} every {@code interval} and treats a {@code pong} missing
         * after {@code timeout} as a dead connection. A zero interval sends no pings.
         */
        public Builder heartbeat(Duration interval, Duration timeout) {
            if (interval == null || interval.isNegative() || timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("heartbeat interval must not be negative and timeout must be positive, were "
                        + interval + " and " + timeout);
            }
            this.heartbeatInterval = interval;
            this.heartbeatTimeout = timeout;
            return this;
        }

        /** How long a connection attempt may take, up to the server's welcome. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** At most one selection/status update per {@code interval}; the latest wins. */
        public Builder presenceInterval(Duration interval) {
            this.presenceInterval = positive(interval, "presence interval");
            return this;
        }

        /**
         * Keeps the client id, its last seq and every document's pending edits in {@code file},
         * rewritten on each change, so edits survive a restart of the application. One process at
         * a time may use a file.
         */
        public Builder offlineQueue(Path file) {
            this.offlineQueue = file;
            return this;
        }

        /**
         * Applies the server's messages and runs the listener calls; it must run tasks one at a
         * time, in order (for example a UI toolkit's event thread). By default each client has one
         * thread of its own for this.
         */
        public Builder listenerExecutor(Executor executor) {
            this.listenerExecutor = executor;
            return this;
        }

        /**
         * Runs the client's timers (heartbeats, reconnect back-off, presence throttling) on
         * {@code executor}, which many clients may share; the caller shuts it down after closing
         * them. By default each client has one timer thread of its own.
         */
        public Builder timerExecutor(ScheduledExecutorService executor) {
            if (executor == null) {
                throw new IllegalArgumentException("timer executor must not be null");
            }
            this.timerExecutor = executor;
            return this;
        }

        /**
         * Connects through {@code client}, a started Jetty WebSocket client that many Weft clients
         * may share: one thread pool and selector for all of them instead of one each, which is
         * what a process holding hundreds of clients (a load generator, a bridge) needs. The
         * caller configures it (its maximum text message size must fit the largest document) and
         * stops it after closing the clients. By default each client starts a Jetty client of its
         * own.
         *
         * @throws IllegalArgumentException if {@code client} is null or not started
         */
        public Builder webSocketClient(WebSocketClient client) {
            if (client == null || !client.isStarted()) {
                throw new IllegalArgumentException("the shared WebSocket client must be started, was "
                        + (client == null ? "null" : client.getState()));
            }
            this.transport = new JettyTransport(client);
            return this;
        }

        /**
         * Builds the client, not yet connected ({@link WeftClient#connect()}). Documents with
         * pending edits in the offline-queue file are open at once.
         *
         * @throws UncheckedIOException if the offline-queue file cannot be read or is in use
         * @throws IllegalArgumentException if the file belongs to another client id than the one given
         */
        public WeftClient build() {
            return new WeftClient(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }
    }
}
