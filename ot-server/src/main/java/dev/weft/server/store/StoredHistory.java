package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.OpHistory;
import dev.weft.ot.Sequencer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One document's {@link OpHistory} backed by a {@link DocumentStore}, so that the core
 * {@link Sequencer} commits to durable storage: {@link #append} returns only once the store has
 * made the operation durable, and a resubmitted {@code (clientId, seq)} is found in the store
 * after a restart.
 *
 * <p>It keeps the most recent operations and each author's last seq in memory, so rebasing a
 * submission and checking it for a duplicate do not touch the database: only a base version older
 * than the cache, or a seq at or below its author's last one, reads the store. This relies on the
 * sequencer's rule that each author's committed seqs increase.
 *
 * <p>If another writer (another server node) appended to the document, {@link #append} returns
 * false and this history reads the operations it missed, so the sequencer's next submit rebases
 * over them.
 *
 * <p><b>Write-behind.</b> A history opened with {@link #openPipelinedSequencer} is the only writer
 * of its document, so an append cannot lose a race: {@link #append} queues the write and returns
 * at once, and the next submission is rebased while the store is still syncing. The caller must
 * not ack or broadcast the entry before {@link #lastWrite()} (taken right after the append)
 * completes with true; a write that fails or returns false means the store holds none of the
 * entries appended since, and this history (with its sequencer) must be discarded and reopened.
 * This keeps OpHistory's promise at the server's level: nothing is acked before it is durable.
 *
 * <p>Not thread-safe, like the sequencer that uses it.
 */
public final class StoredHistory implements OpHistory {
    /** How many recent operations {@link #openSequencer(DocumentStore, String)} keeps in memory. */
    public static final int DEFAULT_CACHED_OPS = 1000;
    private static final int MAX_CACHED_AUTHORS = 10_000;

    private final DocumentStore store;
    private final String documentId;
    private final long oldestVersion;
    private final int cachedOps;
    private final boolean writeBehind;
    private final List<CommittedOp> recent = new ArrayList<>();
    private final Map<String, Long> lastSeqs = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_CACHED_AUTHORS;
        }
    };
    private long version;
    private CompletableFuture<Boolean> lastWrite = CompletableFuture.completedFuture(true);

    private StoredHistory(DocumentStore store, StoredDocument doc, int cachedOps, boolean writeBehind) {
        this.store = store;
        this.documentId = doc.id();
        this.oldestVersion = doc.oldestVersion();
        this.cachedOps = cachedOps;
        this.writeBehind = writeBehind;
        this.version = doc.snapshotVersion();
        remember(doc.ops());
    }

    /**
     * Loads the document from {@code store} and opens its sequencer: from the latest snapshot,
     * replaying the operations after it; a document the store does not know starts empty at
     * version 0. The sequencer's {@link Sequencer#history() history} is a {@code StoredHistory}.
     */
    public static Sequencer openSequencer(DocumentStore store, String documentId) {
        return openSequencer(store, documentId, DEFAULT_CACHED_OPS);
    }

    /** As {@link #openSequencer(DocumentStore, String)}, keeping {@code cachedOps} recent operations in memory. */
    public static Sequencer openSequencer(DocumentStore store, String documentId, int cachedOps) {
        return open(store, documentId, cachedOps, false);
    }

    /**
     * As {@link #openSequencer(DocumentStore, String)}, with write-behind appends (see the class
     * comment): for a store no other writer appends to this document in.
     */
    public static Sequencer openPipelinedSequencer(DocumentStore store, String documentId) {
        return open(store, documentId, DEFAULT_CACHED_OPS, true);
    }

    private static Sequencer open(DocumentStore store, String documentId, int cachedOps, boolean writeBehind) {
        if (store == null) {
            throw new IllegalArgumentException("store must not be null");
        }
        Checks.documentId(documentId);
        Checks.positive("cached operation count", cachedOps);
        StoredDocument doc = store.load(documentId)
                .orElseGet(() -> new StoredDocument(documentId, 0, 0, "", List.of()));
        StoredHistory history = new StoredHistory(store, doc, cachedOps, writeBehind);
        return Sequencer.open(history, doc.snapshotVersion(), doc.snapshotText());
    }

    /** The document this history belongs to. */
    public String documentId() {
        return documentId;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public long oldestVersion() {
        return oldestVersion;
    }

    @Override
    public List<CommittedOp> opsSince(long since) {
        if (since < oldestVersion || since > version) {
            throw new IllegalArgumentException("ops since version " + since + " are not available: the history of \""
                    + documentId + "\" holds versions " + (oldestVersion + 1) + " to " + version);
        }
        long firstCached = version - recent.size() + 1;
        if (since + 1 >= firstCached) {
            return List.copyOf(recent.subList((int) (since + 1 - firstCached), recent.size()));
        }
        return store.ops(documentId, since, version);
    }

    @Override
    public Optional<CommittedOp> find(String clientId, long seq) {
        if (seq > lastSeq(clientId)) {
            return Optional.empty();
        }
        for (int i = recent.size() - 1; i >= 0; i--) {
            CommittedOp entry = recent.get(i);
            if (entry.seq() == seq && entry.clientId().equals(clientId)) {
                return Optional.of(entry);
            }
        }
        return store.find(documentId, clientId, seq);
    }

    @Override
    public long lastSeq(String clientId) {
        Long cached = lastSeqs.get(clientId);
        if (cached == null) {
            cached = store.lastSeq(documentId, clientId);
            lastSeqs.put(clientId, cached);
        }
        return cached;
    }

    /**
     * Appends through the store and waits until it is durable. On a conflict, reads what another
     * writer committed, so that {@link #version()} moves on and the sequencer can rebase.
     * Write-behind, it only queues the write (see the class comment).
     *
     * @throws StoreException if the store failed; the entry may not be acked
     */
    @Override
    public boolean append(CommittedOp entry) {
        if (entry == null) {
            throw new IllegalArgumentException("committed op must not be null");
        }
        if (entry.version() != version + 1) {
            return false;
        }
        lastWrite = store.append(documentId, entry);
        if (writeBehind) {
            remember(List.of(entry));
            return true;
        }
        boolean appended;
        try {
            appended = lastWrite.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new StoreException("append to \"" + documentId + "\" failed", e.getCause());
        }
        if (appended) {
            remember(List.of(entry));
        } else {
            remember(store.ops(documentId, version, Long.MAX_VALUE));
        }
        return appended;
    }

    /**
     * The store's write of the entry appended last: true once it is durable, false if the store
     * refused it. Already complete unless the history is write-behind.
     */
    public CompletableFuture<Boolean> lastWrite() {
        return lastWrite;
    }

    /**
     * Reads the operations other writers (other server nodes) appended since {@link #version()},
     * so that the sequencer catches up with them on its next call.
     *
     * @return how many operations were read
     * @throws StoreException if the store cannot be read
     */
    public int refresh() {
        List<CommittedOp> missed = store.ops(documentId, version, Long.MAX_VALUE);
        remember(missed);
        return missed.size();
    }

    private void remember(List<CommittedOp> entries) {
        for (CommittedOp entry : entries) {
            recent.add(entry);
            version = entry.version();
            lastSeqs.computeIfPresent(entry.clientId(), (id, last) -> Math.max(last, entry.seq()));
        }
        if (recent.size() > 2 * cachedOps) {
            recent.subList(0, recent.size() - cachedOps).clear();
        }
    }
}
