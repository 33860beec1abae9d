package dev.weft.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.ot.CommittedOp;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A {@link DocumentStore} in a PostgreSQL database that several server nodes share; see
 * docs/deployment.md. The schema is SQLite's (docs/storage.md), migrated by Flyway from
 * {@code db/weft/postgresql}; the unique key (document, version) arbitrates between the nodes'
 * conditional appends, and (document, client id, seq) keeps every resubmission to one commit.
 *
 * <p><b>Between nodes.</b> Each committed append notifies channel {@code weft_ops} in its own
 * transaction; {@link #listen} opens the node's one listening connection, and {@link #broadcast}
 * sends the node's presence and chat to the others on channel {@code weft_events}.
 *
 * <p><b>Writes</b> are group-committed by a few writer threads on pooled connections; a write's
 * future completes after its transaction committed (durable as the database's
 * {@code synchronous_commit} promises). <b>Reads</b> run on the same pool.
 */
public final class PostgresDocumentStore extends JdbcDocumentStore {
    /** NOTIFY payloads must stay below 8000 bytes. */
    public static final int MAX_BROADCAST_BYTES = 7_900;
    static final String MIGRATIONS = "classpath:db/weft/postgresql";

    private final PostgresUrl url;
    private final Properties connectionProperties;
    private final HikariDataSource pool;
    private final PostgresWriter writer;
    private final int chatHistory;
    private final ExecutorService broadcasts;
    private PostgresNotifications notifications;

    private PostgresDocumentStore(Builder builder) {
        super(new PostgresReads(), builder.snapshotInterval);
        url = builder.url;
        connectionProperties = new Properties();
        if (url.user() != null) {
            connectionProperties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            connectionProperties.setProperty("password", url.password());
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setDataSourceProperties(connectionProperties);
        config.setMaximumPoolSize(builder.poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("weft-postgres");
        config.setConnectionTimeout(builder.connectTimeoutMillis);
        config.setInitializationFailTimeout(builder.connectTimeoutMillis);
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + url + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure(PostgresDocumentStore.class.getClassLoader())
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot migrate the schema in " + url + ": " + e.getMessage(), e);
        }
        writer = new PostgresWriter(pool, builder.writerThreads, builder.maxBatch);
        chatHistory = builder.chatHistory;
        broadcasts = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weft-postgres-broadcast");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** True if {@code address} is a PostgreSQL address ({@code postgresql://...}) rather than a directory. */
    public static boolean isAddress(String address) {
        return PostgresUrl.isPostgres(address);
    }

    /** Opens the store at {@code address} with the default settings; see {@link #builder}. */
    public static PostgresDocumentStore open(String address) {
        return builder(address).open();
    }

    /**
     * A builder for the store at {@code address}: {@code postgresql://host:port/db?user=name}
     * (also {@code postgres://}, {@code jdbc:postgresql://}, and {@code user:password@host}).
     *
     * @throws IllegalArgumentException if the address is not a PostgreSQL address
     */
    public static Builder builder(String address) {
        return new Builder(PostgresUrl.parse(address));
    }

    @Override
    CompletableFuture<Boolean> submitAppend(String documentId, CommittedOp entry) {
        return writer.submit(documentId, c -> PostgresWrites.append(c, documentId, entry, clock.millis()));
    }

    @Override
    CompletableFuture<Void> submitSnapshot(String documentId, long version, String text) {
        return writer.submit(documentId, c -> PostgresWrites.saveSnapshot(c, documentId, version, text, clock.millis()));
    }

    @Override
    CompletableFuture<Void> submitChat(String documentId, ChatMessage message) {
        return writer.submit(documentId,
                c -> JdbcWrites.appendChat(c, documentId, message, chatHistory, clock.millis()));
    }

    @Override
    Connection readConnection() throws SQLException {
        return pool.getConnection();
    }

    /** The latest version of each of these documents that the database knows; one query. */
    public Map<String, Long> versions(Collection<String> documentIds) {
        documentIds.forEach(Checks::documentId);
        return read("document versions", c -> {
            Map<String, Long> versions = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id, version FROM documents WHERE id = ANY (?)")) {
                select.setArray(1, c.createArrayOf("text", documentIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        versions.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return versions;
        });
    }

    /**
     * Starts this node's listening connection; see {@link PostgresListener}. One listener at a
     * time per store: close the returned handle to stop it (a server restarted on the same store
     * listens again).
     *
     * @throws IllegalStateException if another listener is listening
     */
    public synchronized AutoCloseable listen(PostgresListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        checkOpen();
        if (notifications != null) {
            throw new IllegalStateException("the store already has a listener");
        }
        PostgresNotifications started = new PostgresNotifications(url, connectionProperties, listener);
        notifications = started;
        return () -> {
            synchronized (this) {
                if (notifications == started) {
                    notifications = null;
                }
            }
            started.close();
        };
    }

    /**
     * Sends {@code payload} to every node's {@link PostgresListener#message} (this node's too), in
     * the order of the calls. Delivery is best effort: a node whose listening connection is down
     * misses it.
     *
     * @throws IllegalArgumentException if the payload is {@link #MAX_BROADCAST_BYTES} bytes or more in UTF-8
     */
    public CompletableFuture<Void> broadcast(String payload) {
        int bytes = payload == null ? 0 : payload.getBytes(StandardCharsets.UTF_8).length;
        if (payload == null || bytes >= MAX_BROADCAST_BYTES) {
            throw new IllegalArgumentException("a broadcast must be under " + MAX_BROADCAST_BYTES + " bytes, was " + bytes);
        }
        checkOpen();
        return CompletableFuture.runAsync(() -> {
            try (Connection c = pool.getConnection();
                 PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, PostgresNotifications.EVENTS_CHANNEL);
                notify.setString(2, payload);
                notify.execute();
            } catch (SQLException e) {
                throw new StoreException("cannot broadcast to the other nodes: " + e.getMessage(), e);
            }
        }, broadcasts);
    }

    @Override
    BatchWriter<?> writer() {
        return writer;
    }

    /** The database address, without the password. */
    @Override
    public String toString() {
        return url.toString();
    }

    /** Finishes the writes already accepted, stops listening, then closes the pool. */
    @Override
    void closeDatabase() {
        try {
            writer.close();
            synchronized (this) {
                if (notifications != null) {
                    notifications.close();
                }
            }
            broadcasts.shutdown();
            broadcasts.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.close();
        }
    }

    /** Breaks the listening connection as a network failure would (for tests). */
    synchronized void dropListeningConnection() {
        if (notifications != null) {
            notifications.dropConnection();
        }
    }

    /** Empties every table (for tests that share one database). */
    void truncateForTests() {
        read("truncate", c -> {
            try (java.sql.Statement statement = c.createStatement()) {
                statement.execute("TRUNCATE documents, ops, snapshots, chat RESTART IDENTITY");
            }
            return null;
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The settings of a {@link PostgresDocumentStore}; {@link #open()} opens the store. */
    public static final class Builder {
        private final PostgresUrl url;
        private int snapshotInterval = 1000;
        private int chatHistory = 200;
        private int maxBatch = 256;
        private int writerThreads = 4;
        private int poolSize = 12;
        private long connectTimeoutMillis = 10_000;

        private Builder(PostgresUrl url) {
            this.url = url;
        }

        /** Snapshot each document every {@code operations} committed operations; default 1000. */
        public Builder snapshotInterval(int operations) {
            snapshotInterval = Checks.positive("snapshot interval", operations);
            return this;
        }

        /** Keep the {@code messages} most recent chat messages of each document; default 200. */
        public Builder chatHistory(int messages) {
            chatHistory = Checks.positive("chat history", messages);
            return this;
        }

        /** Commit at most {@code writes} writes in one transaction; default 256. */
        public Builder maxBatch(int writes) {
            maxBatch = Checks.positive("batch size", writes);
            return this;
        }

        /** Commit with {@code threads} transactions at once; default 4. Must be below the pool size. */
        public Builder writerThreads(int threads) {
            writerThreads = Checks.positive("writer thread count", threads);
            return this;
        }

        /** Keep at most {@code connections} pooled connections (writers and readers); default 12. */
        public Builder poolSize(int connections) {
            poolSize = Checks.positive("pool size", connections);
            return this;
        }

        /** Give up connecting after {@code millis}; default 10 000. */
        public Builder connectTimeoutMillis(long millis) {
            if (millis < 250) {
                throw new IllegalArgumentException("connect timeout must be at least 250 ms, was " + millis);
            }
            connectTimeoutMillis = millis;
            return this;
        }

        /**
         * Connects and creates or migrates the schema.
         *
         * @throws StoreException if the database cannot be reached or migrated
         * @throws IllegalArgumentException if the writer threads do not leave a connection for reads
         */
        public PostgresDocumentStore open() {
            if (writerThreads >= poolSize) {
                throw new IllegalArgumentException("writer threads (" + writerThreads
                        + ") must be fewer than the pool size (" + poolSize + ")");
            }
            return new PostgresDocumentStore(this);
        }
    }
}
