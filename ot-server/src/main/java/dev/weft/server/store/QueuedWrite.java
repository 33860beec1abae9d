package dev.weft.server.store;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * A write waiting in a {@link BatchWriter}'s queue: the caller's future, and the write's own
 * outcome once it ran. The future completes only in {@link #complete()}, after the transaction
 * that ran the write committed, or fails in {@link #fail} with the whole batch.
 *
 * @param <T> the write's result
 */
abstract class QueuedWrite<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private Throwable failure;

    /** Keeps the write's result for {@link #complete()}. */
    final void succeeded(T value) {
        result = value;
    }

    /** Keeps the failure of this write alone (it was undone), for {@link #complete()}. */
    final void failed(Exception e) {
        failure = e instanceof SQLException ? new StoreException("a write failed: " + e.getMessage(), e) : e;
    }

    /** The transaction committed: completes the future with the write's own outcome. */
    final void complete() {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(result);
        }
    }

    /** The transaction did not commit: nothing of this write is stored. */
    final void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
