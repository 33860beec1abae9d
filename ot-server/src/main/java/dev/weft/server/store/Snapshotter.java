package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.Rope;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot of a document every {@code interval} committed operations, on a background
 * thread, so that a restart replays at most about {@code interval} operations. It reads the
 * latest snapshot and the operations after it back from the store and applies them: the work
 * stays off the commit path, and needs no copy of any document's text in memory.
 */
final class Snapshotter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final DocumentStore store;
    private final int interval;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "weft-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    Snapshotter(DocumentStore store, int interval) {
        this.store = store;
        this.interval = interval;
    }

    /** Called after {@code version} of the document committed; snapshots on every multiple of the interval. */
    void committed(String documentId, long version) {
        if (version % interval != 0) {
            return;
        }
        try {
            executor.execute(() -> snapshot(documentId));
        } catch (RejectedExecutionException e) {
            LOG.debug("store closing; no snapshot of {} at version {}", documentId, version);
        }
    }

    /** Waits until every snapshot requested so far is saved (for tests). */
    void awaitIdle() {
        try {
            executor.submit(() -> { }).get();
        } catch (Exception e) {
            throw new StoreException("snapshots did not finish", e);
        }
    }

    private void snapshot(String documentId) {
        try {
            Optional<StoredDocument> loaded = store.load(documentId);
            if (loaded.isEmpty() || loaded.get().ops().isEmpty()) {
                return;
            }
            StoredDocument doc = loaded.get();
            Rope text = Rope.of(doc.snapshotText());
            for (CommittedOp entry : doc.ops()) {
                text = entry.op().apply(text);
            }
            store.saveSnapshot(documentId, doc.version(), text.toString()).join();
        } catch (RuntimeException e) {
            // A missing snapshot only makes the next restart replay more; never fail a commit for it.
            LOG.warn("could not snapshot document {}", documentId, e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a snapshot was still running when the store closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
