package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The server's storage for many documents: each document's committed operations, snapshots of its
 * text, and its recent chat. {@link SqliteDocumentStore} is the embedded default,
 * {@link InMemoryDocumentStore} serves tests; {@link StoredHistory} runs a document's
 * {@link dev.weft.ot.Sequencer} over a store.
 *
 * <p><b>Versions.</b> As in {@link CommittedOp}: a document nobody wrote to is at version 0, and
 * the operation committed as version {@code v} turns version {@code v - 1} into {@code v}. A
 * document exists in the store once an operation, a snapshot or a chat message was written to it.
 *
 * <p><b>The append contract.</b> {@link #append} adds version {@code v} only if the latest version
 * is {@code v - 1}, and a {@code (clientId, seq)} at most once per document. A unique key on
 * (document, version) arbitrates between concurrent writers, so a database shared by several
 * server nodes keeps the same contract (ShareDB's optimistic commit).
 *
 * <p><b>Writes and reads.</b> Writes return a future that completes only once the write is as
 * durable as the store promises; reads see every write whose future has completed. A future
 * may be completed on the store's writer thread: chain slow work with the {@code *Async} methods.
 *
 * <p>Arguments are checked up front: a null or empty id, a negative version or a seq below 1
 * throws {@link IllegalArgumentException} naming the value. Storage failures throw (or complete
 * futures with) {@link StoreException}. Implementations are thread-safe.
 */
public interface DocumentStore extends AutoCloseable {

    /**
     * The document's latest snapshot and every operation committed after it, from which a
     * {@link dev.weft.ot.Sequencer} is opened; empty if the store does not know the document.
     */
    Optional<StoredDocument> load(String documentId);

    /**
     * Appends {@code entry} as version {@code entry.version()} of the document if its latest
     * version is {@code entry.version() - 1} (0 for an unknown document, which this creates) and
     * the document holds no operation with the entry's {@code (clientId, seq)}.
     *
     * @return a future of true once the entry is durable (the author may be acked), or of false if
     *     nothing changed because another entry holds that version or that {@code (clientId, seq)}
     */
    CompletableFuture<Boolean> append(String documentId, CommittedOp entry);

    /**
     * The operations that turn version {@code fromVersion} into {@code toVersion}: versions
     * {@code fromVersion + 1} to {@code toVersion}, oldest first. A {@code toVersion} past the
     * latest version reads to the latest; an unknown document has none.
     *
     * @throws IllegalArgumentException if {@code fromVersion} is negative or above
     *     {@code toVersion}, or below {@link #oldestVersion}
     */
    List<CommittedOp> ops(String documentId, long fromVersion, long toVersion);

    /** The operation {@code clientId} committed with {@code seq} in the document, if any. */
    Optional<CommittedOp> find(String documentId, String clientId, long seq);

    /** The highest seq {@code clientId} has committed in the document; 0 when none. */
    long lastSeq(String documentId, String clientId);

    /**
     * Stores {@code text} as the document at {@code version}: {@link #load} then starts from it
     * instead of replaying older operations. The caller vouches that {@code text} is the document
     * at that version; saving a version-0 snapshot gives a new document its initial text.
     *
     * @return a future that completes when the snapshot is durable, or fails with
     *     {@link IllegalArgumentException} if {@code version} is above the latest version or
     *     below {@link #oldestVersion}
     */
    CompletableFuture<Void> saveSnapshot(String documentId, long version, String text);

    /**
     * The oldest base version whose following operations are all kept: {@link #ops} and
     * {@link dev.weft.ot.OpHistory#opsSince} reach back to it. 0 (the whole history) unless older
     * operations were pruned; 0 for an unknown document.
     */
    long oldestVersion(String documentId);

    /** Every document the store knows, ordered by id. */
    List<DocumentSummary> list();

    /**
     * Adds a message to the document's chat. The store keeps the most recent messages of each
     * document (a limit the implementation documents) and drops older ones.
     *
     * @return a future that completes when the message is durable
     */
    CompletableFuture<Void> appendChat(String documentId, ChatMessage message);

    /** Up to {@code limit} of the document's most recent chat messages, oldest first. */
    List<ChatMessage> recentChat(String documentId, int limit);

    /**
     * Finishes the writes already accepted, then releases the store's resources. Later calls
     * fail with {@link StoreException}. Closing twice does nothing.
     */
    @Override
    void close();
}
