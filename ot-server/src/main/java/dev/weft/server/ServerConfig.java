package dev.weft.server;

import dev.weft.server.store.DocumentStore;
import java.nio.file.Path;
import java.time.Duration;

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
 */
public record ServerConfig(String host, int port, Path dataDirectory, DocumentStore store, int maxMessageBytes,
                           int maxOpComponents, int maxDocumentLength, int messagesPerSecond,
                           Duration heartbeatInterval, Duration idleTimeout) {

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

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public ServerConfig build() {
            return new ServerConfig(host, port, dataDirectory, store, maxMessageBytes, maxOpComponents,
                    maxDocumentLength, messagesPerSecond, heartbeatInterval, idleTimeout);
        }
    }
}
