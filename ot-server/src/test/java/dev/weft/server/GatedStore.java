package dev.weft.server;

import dev.weft.ot.CommittedOp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An in-memory store whose appends wait for {@link #open()} while closed, to hold a commit between submit and ack. */
final class GatedStore extends ForwardingStore {
    private final CountDownLatch appendWaiting = new CountDownLatch(1);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    void close(boolean closed) {
        gate = new CountDownLatch(closed ? 1 : 0);
    }

    void open() {
        gate.countDown();
    }

    /** Waits until an append is held at the gate. */
    boolean awaitAppendWaiting() throws InterruptedException {
        return appendWaiting.await(WireClient.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public CompletableFuture<Boolean> append(String documentId, CommittedOp entry) {
        CountDownLatch current = gate;
        return CompletableFuture.supplyAsync(() -> {
            appendWaiting.countDown();
            try {
                current.await(WireClient.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.append(documentId, entry).join();
        });
    }
}
