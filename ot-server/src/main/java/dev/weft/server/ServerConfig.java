package dev.weft.server;

import dev.weft.server.store.DocumentStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The settings of a {@link WeftServer}: where it listens, where it stores documents, and the
 * limits it enforces on every connection. Build one with {@link #builder()}; every limit is
 * announced to clients in the {@code welcome} message (docs/protocol.md).
 *
 * @param host the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port to listen on; 0 picks a free port ({@link WeftServer#port()} tells which)
 * @param dataDirectory where the default SQLite store keeps its database; unused when
 *     {@code store} is set
 * @param store the store to use, owned by the caller (the server does not close it); null to
 *     open {@code SqliteDocumentStore.open(dataDirectory)}, which the server closes on stop
 * @param maxMessageBytes the largest WebSocket text message accepted, in UTF-8 bytes; a larger one
 *     closes the connection with status 1009
 * @param maxOpComponents the most components one submitted operation may have
 * @param maxDocumentLength the longest a document may become, in code points
 * @param messagesPerSecond how many messages one connection may send per second (a burst of that
 *     many is allowed); more are refused with {@code RATE_LIMITED}
 * @param heartbeatInterval how often the server pings each connection; one that sends nothing for
 *     two intervals is dropped
 * @param idleTimeout how long a connection with no document open may stay silent (pongs do not
 *     count) before it is closed
 * @param tokenAuth how tokens are verified; null for no auth, when everyone may do everything and
 *     the server may bind only a loopback address unless {@code insecure}
 * @param allowedOrigins the browser origins allowed to connect; empty for the server's own origin
 *     and loopback pages (docs/security.md)
 * @param insecure allows binding a non-loopback address without auth (logged loudly)
 * @param keyStore a PKCS#12 (or JKS) key store with the server's certificate and key: the server
 *     then speaks TLS only ({@code wss://}, {@code https://}); null for plain text
 * @param keyStorePassword the key store's password (also the key's); required with a key store
 * @param maxOpenDocuments how many documents one connection may have open at once
 * @param maxConnectionsPerAddress how many WebSockets and event streams one remote address may
 *     hold open at once
 * @param messagesPerSecondPerAddress how many WebSocket messages and HTTP requests all the
 *     connections of one remote address may send per second together
 * @param maxQueuedBytes how many bytes may wait to be written to one client; a client further
 *     behind does not read and is disconnected
 * @param broadcastWindow the shortest time between two broadcasts of one document's ops: an op
 *     committed less than this after the document's last broadcast waits, with the ops that
 *     follow it, for the window to end, and they all reach each participant in one message (its
 *     author's ack is not delayed); zero, the default, sends every op at once (docs/protocol.md,
 *     "Coalescing")
 */
public record ServerConfig(String host, int port, Path dataDirectory, DocumentStore store, int maxMessageBytes,
                           int maxOpComponents, int maxDocumentLength, int messagesPerSecond,
                           Duration heartbeatInterval, Duration idleTimeout, TokenAuth tokenAuth,
                           List<String> allowedOrigins, boolean insecure, Path keyStore, String keyStorePassword,
                           int maxOpenDocuments, int maxConnectionsPerAddress, int messagesPerSecondPerAddress,
                           long maxQueuedBytes, Duration broadcastWindow) {

    /** The longest broadcast window allowed: longer would make collaborators see each other lag. */
    public static final Duration MAX_BROADCAST_WINDOW = Duration.ofSeconds(1);

    /** Checks every setting up front, naming the value and the limit it breaks. */
    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (store == null && dataDirectory == null) {
            throw new IllegalArgumentException("either a data directory or a store must be set");
        }
        positive("max message bytes", maxMessageBytes);
        positive("max op components", maxOpComponents);
        positive("max document length", maxDocumentLength);
        positive("messages per second", messagesPerSecond);
        positive("heartbeat interval", heartbeatInterval);
        positive("idle timeout", idleTimeout);
        positive("max open documents", maxOpenDocuments);
        positive("max connections per address", maxConnectionsPerAddress);
        positive("messages per second per address", messagesPerSecondPerAddress);
        if (maxQueuedBytes < maxMessageBytes) {
            throw new IllegalArgumentException("max queued bytes must be at least max message bytes ("
                    + maxMessageBytes + "), was " + maxQueuedBytes);
        }
        if (broadcastWindow == null || broadcastWindow.isNegative() || broadcastWindow.compareTo(MAX_BROADCAST_WINDOW) > 0) {
            throw new IllegalArgumentException("broadcast window must be between 0 and " + MAX_BROADCAST_WINDOW.toMillis()
                    + " ms, was " + broadcastWindow);
        }
        allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
        for (String origin : allowedOrigins) {
            if (!origin.equals("*") && !origin.matches("(?i)https?://[^/\\s]+/?")) {
                throw new IllegalArgumentException("an allowed origin is * or scheme://host[:port], like"
                        + " https://app.example.com; was \"" + origin + "\"");
            }
        }
        if (keyStore != null && keyStorePassword == null) {
            throw new IllegalArgumentException("a key store needs its password");
        }
        if (tokenAuth == null && !insecure && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to listen on " + host + " without authentication:"
                    + " anyone who can reach it could read and change every document. Configure token auth,"
                    + " listen on a loopback address such as 127.0.0.1, or allow it explicitly with the insecure flag");
        }
    }

    /** Whether the server checks tokens. */
    public boolean authEnabled() {
        return tokenAuth != null;
    }

    /** Whether the server speaks TLS. */
    public boolean tlsEnabled() {
        return keyStore != null;
    }

    /** Every setting, with the key store password masked. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", dataDirectory=" + dataDirectory
                + ", store=" + store + ", maxMessageBytes=" + maxMessageBytes + ", maxOpComponents=" + maxOpComponents
                + ", maxDocumentLength=" + maxDocumentLength + ", messagesPerSecond=" + messagesPerSecond
                + ", heartbeatInterval=" + heartbeatInterval + ", idleTimeout=" + idleTimeout
                + ", auth=" + (tokenAuth != null) + ", allowedOrigins=" + allowedOrigins + ", insecure=" + insecure
                + ", keyStore=" + keyStore + ", keyStorePassword=" + (keyStorePassword == null ? null : "***")
                + ", maxOpenDocuments=" + maxOpenDocuments + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress
                + ", messagesPerSecondPerAddress=" + messagesPerSecondPerAddress + ", maxQueuedBytes=" + maxQueuedBytes
                + ", broadcastWindow=" + broadcastWindow + "]";
    }

    /** A literal loopback address or {@code localhost}; names are not looked up (a resolver could lie). */
    static boolean isLoopback(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (literal.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A builder with the defaults: 127.0.0.1:8080, data directory {@code weft-data}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + value);
        }
    }

    private static void positive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }

    /** Builds a {@link ServerConfig}; every setter checks its value when {@link #build()} runs. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataDirectory = Path.of("weft-data");
        private DocumentStore store;
        private int maxMessageBytes = 1 << 20;
        private int maxOpComponents = 10_000;
        private int maxDocumentLength = 10_000_000;
        private int messagesPerSecond = 200;
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private TokenAuth tokenAuth;
        private List<String> allowedOrigins = List.of();
        private boolean insecure;
        private Path keyStore;
        private String keyStorePassword;
        private int maxOpenDocuments = 256;
        private int maxConnectionsPerAddress = 64;
        private int messagesPerSecondPerAddress = 1000;
        private long maxQueuedBytes = 16L << 20;
        private Duration broadcastWindow = Duration.ZERO;

        private Builder() {}

        private Builder(ServerConfig config) {
            host = config.host;
            port = config.port;
            dataDirectory = config.dataDirectory;
            store = config.store;
            maxMessageBytes = config.maxMessageBytes;
            maxOpComponents = config.maxOpComponents;
            maxDocumentLength = config.maxDocumentLength;
            messagesPerSecond = config.messagesPerSecond;
            heartbeatInterval = config.heartbeatInterval;
            idleTimeout = config.idleTimeout;
            tokenAuth = config.tokenAuth;
            allowedOrigins = config.allowedOrigins;
            insecure = config.insecure;
            keyStore = config.keyStore;
            keyStorePassword = config.keyStorePassword;
            maxOpenDocuments = config.maxOpenDocuments;
            maxConnectionsPerAddress = config.maxConnectionsPerAddress;
            messagesPerSecondPerAddress = config.messagesPerSecondPerAddress;
            maxQueuedBytes = config.maxQueuedBytes;
            broadcastWindow = config.broadcastWindow;
        }

        /** The address to listen on; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port to listen on, 0 for any free port; default 8080. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The directory of the default SQLite store; default {@code weft-data}. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** A store the caller owns, used instead of the SQLite store in the data directory. */
        public Builder store(DocumentStore store) {
            this.store = store;
            return this;
        }

        /** The largest text message accepted, in bytes; default 1 MiB. */
        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /** The most components one operation may have; default 10,000. */
        public Builder maxOpComponents(int components) {
            this.maxOpComponents = components;
            return this;
        }

        /** The longest a document may become, in code points; default 10,000,000. */
        public Builder maxDocumentLength(int codePoints) {
            this.maxDocumentLength = codePoints;
            return this;
        }

        /** Messages one connection may send per second; default 200. */
        public Builder messagesPerSecond(int messages) {
            this.messagesPerSecond = messages;
            return this;
        }

        /** How often each connection is pinged; default 15 seconds. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        /** How long a connection without open documents may stay silent; default 5 minutes. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** Checks tokens with these settings; default none (no auth: loopback only, docs/security.md). */
        public Builder tokenAuth(TokenAuth auth) {
            this.tokenAuth = auth;
            return this;
        }

        /**
         * The browser origins allowed to open a WebSocket or call the API, each {@code *} or
         * {@code scheme://host[:port]}; default none, which allows the server's own origin and
         * loopback pages.
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = origins;
            return this;
        }

        /** Allows a non-loopback address without auth; default false. */
        public Builder insecure(boolean allow) {
            this.insecure = allow;
            return this;
        }

        /** Serves TLS with the certificate and key in this key store (PKCS#12 or JKS); default none. */
        public Builder tls(Path keyStoreFile, String password) {
            this.keyStore = keyStoreFile;
            this.keyStorePassword = password;
            return this;
        }

        /** Documents one connection may have open at once; default 256. */
        public Builder maxOpenDocuments(int documents) {
            this.maxOpenDocuments = documents;
            return this;
        }

        /** WebSockets and event streams one remote address may hold open; default 64. */
        public Builder maxConnectionsPerAddress(int connections) {
            this.maxConnectionsPerAddress = connections;
            return this;
        }

        /** Messages and HTTP requests per second from one remote address, all connections together; default 1000. */
        public Builder messagesPerSecondPerAddress(int messages) {
            this.messagesPerSecondPerAddress = messages;
            return this;
        }

        /** Bytes that may wait to be written to one client before it is disconnected; default 16 MiB. */
        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        /**
         * The shortest time between two broadcasts of one document's ops, 0 to 1 s; default 0
         * (every op at once). With a window, a quiet document's op still goes out at once; a busy
         * document's ops wait for the window and go out together, one message per participant.
         * It pays only for documents with hundreds of participants (docs/protocol.md).
         */
        public Builder broadcastWindow(Duration window) {
            this.broadcastWindow = window;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the first setting out of range, or for a
         *     non-loopback host without auth or the insecure flag
         */
        public ServerConfig build() {
            return new ServerConfig(host, port, dataDirectory, store, maxMessageBytes, maxOpComponents,
                    maxDocumentLength, messagesPerSecond, heartbeatInterval, idleTimeout, tokenAuth, allowedOrigins,
                    insecure, keyStore, keyStorePassword, maxOpenDocuments, maxConnectionsPerAddress,
                    messagesPerSecondPerAddress, maxQueuedBytes, broadcastWindow);
        }
    }
}
