package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The front door that {@link SqliteDocumentStore} and {@link PostgresDocumentStore} share: the
 * argument checks of every {@link DocumentStore} method, the reads on a connection of the
 * subclass's, the snapshots, and closing in the right order. A subclass queues the writes on its
 * writer (SQLite's one group-commit thread, PostgreSQL's several) and says where a read's
 * connection comes from.
 *
 * <p>The two builders stay apart although three of their settings read alike: each is public API
 * with its own defaults, and a shared one would need a self-typed generic builder.
 */
abstract class JdbcDocumentStore implements DocumentStore {
    /** A read on one connection, in auto-commit. */
    @FunctionalInterface
    interface SqlRead<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The time written into rows; read when a write runs, not when it is queued. */
    final Clock clock = Clock.systemUTC();
    private final JdbcReads reads;
    private final Snapshotter snapshotter;
    private final AtomicBoolean closed = new AtomicBoolean();

    JdbcDocumentStore(JdbcReads reads, int snapshotInterval) {
        this.reads = reads;
        snapshotter = new Snapshotter(this, snapshotInterval);
    }

    /** Queues the conditional append of {@code entry}; the arguments are checked. */
    abstract CompletableFuture<Boolean> submitAppend(String documentId, CommittedOp entry);

    /** Queues the saving of a snapshot; the arguments are checked. */
    abstract CompletableFuture<Void> submitSnapshot(String documentId, long version, String text);

    /** Queues a chat message; the arguments are checked. */
    abstract CompletableFuture<Void> submitChat(String documentId, ChatMessage message);

    /** The writer every write is queued on. */
    abstract BatchWriter<?> writer();

    /** A connection for one read, closed after it. */
    abstract Connection readConnection() throws SQLException;

    /** Finishes the writes already accepted, then lets go of the database; called once. */
    abstract void closeDatabase();

    /** The error for a read that failed with {@code e}. */
    StoreException readFailed(String what, SQLException e) {
        return new StoreException("cannot read " + what + ": " + e.getMessage(), e);
    }

    /** The error to throw for {@code e}, which a read's own checks raised. */
    StoreException readFailed(StoreException e) {
        return e;
    }

    @Override
    public Optional<StoredDocument> load(String documentId) {
        Checks.documentId(documentId);
        return read("document \"" + documentId + "\"", c -> reads.load(c, documentId));
    }

    @Override
    public CompletableFuture<Boolean> append(String documentId, CommittedOp entry) {
        Checks.documentId(documentId);
        Checks.entry(entry);
        checkOpen();
        return submitAppend(documentId, entry).thenApply(appended -> {
            if (appended) {
                snapshotter.committed(documentId, entry.version());
            }
            return appended;
        });
    }

    @Override
    public List<CommittedOp> ops(String documentId, long fromVersion, long toVersion) {
        Checks.documentId(documentId);
        Checks.range(fromVersion, toVersion);
        return read("operations of \"" + documentId + "\"", c -> {
            Optional<long[]> doc = reads.document(c, documentId);
            if (doc.isEmpty()) {
                return List.of();
            }
            Checks.oldest(fromVersion, doc.get()[2]);
            return reads.ops(c, documentId, doc.get()[0], fromVersion, toVersion);
        });
    }

    @Override
    public Optional<CommittedOp> find(String documentId, String clientId, long seq) {
        Checks.documentId(documentId);
        Checks.author(clientId, seq);
        return read("an operation of \"" + documentId + "\"", c -> reads.find(c, documentId, clientId, seq));
    }

    @Override
    public long lastSeq(String documentId, String clientId) {
        Checks.documentId(documentId);
        Checks.clientId(clientId);
        return read("the last seq in \"" + documentId + "\"", c -> reads.lastSeq(c, documentId, clientId));
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(String documentId, long version, String text) {
        Checks.documentId(documentId);
        Checks.version("snapshot version", version);
        Checks.snapshotText(text);
        checkOpen();
        return submitSnapshot(documentId, version, text);
    }

    @Override
    public long oldestVersion(String documentId) {
        Checks.documentId(documentId);
        return read("document \"" + documentId + "\"",
                c -> reads.document(c, documentId).map(row -> row[2]).orElse(0L));
    }

    @Override
    public List<DocumentSummary> list() {
        return read("the list of documents", reads::list);
    }

    @Override
    public CompletableFuture<Void> appendChat(String documentId, ChatMessage message) {
        Checks.documentId(documentId);
        Checks.chat(message);
        checkOpen();
        return submitChat(documentId, message);
    }

    @Override
    public List<ChatMessage> recentChat(String documentId, int limit) {
        Checks.documentId(documentId);
        Checks.limit(limit);
        return read("the chat of \"" + documentId + "\"", c -> reads.recentChat(c, documentId, limit));
    }

    /** Transactions the store has committed: with group commit, fewer than {@link #writeCount()}. */
    public final long transactionCount() {
        return writer().transactions();
    }

    /** Writes (appends, snapshots, chat messages) the store has committed. */
    public final long writeCount() {
        return writer().writes();
    }

    /**
     * Finishes the snapshots already requested (which write, so before anything closes), then
     * {@link #closeDatabase()}. Closing twice, or from two threads, closes once.
     */
    @Override
    public final void close() {
        if (closed.get()) {
            return;
        }
        snapshotter.close();
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeDatabase();
    }

    /** Waits until the snapshots requested so far are saved (for tests). */
    final void awaitSnapshots() {
        snapshotter.awaitIdle();
    }

    final <T> T read(String what, SqlRead<T> query) {
        checkOpen();
        try (Connection c = readConnection()) {
            return query.run(c);
        } catch (SQLException e) {
            throw readFailed(what, e);
        } catch (StoreException e) {
            throw readFailed(e);
        }
    }

    final void checkOpen() {
        if (closed.get()) {
            throw new StoreException("the store is closed");
        }
    }
}
