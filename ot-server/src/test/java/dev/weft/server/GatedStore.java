package dev.weft.server;

import dev.weft.ot.CommittedOp;
import dev.weft.server.store.ChatMessage;
import dev.weft.server.store.StoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store whose appends wait for {@link #open()} while closed, to hold a commit between
 * submit and ack. Appends run one at a time in the order they were made, like a real store's
 * writer, and chat messages with them; {@link #failVersion} makes the write of one version fail
 * once.
 */
final class GatedStore extends ForwardingStore {
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final AtomicInteger appendsMade = new AtomicInteger();
    private final AtomicInteger chatsMade = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile long failVersion = -1;

    void close(boolean closed) {
        gate = new CountDownLatch(closed ? 1 : 0);
    }

    void open() {
        gate.countDown();
    }

    /** The write of {@code version} fails (once) with a {@link StoreException}, storing nothing. */
    void failVersion(long version) {
        failVersion = version;
    }

    /** Waits until an append is held at the gate. */
    boolean awaitAppendWaiting() throws InterruptedException {
        return awaitAppendsMade(1);
    }

    /** Waits until the server has made {@code count} appends (held at the gate or not). */
    boolean awaitAppendsMade(int count) throws InterruptedException {
        return awaitCount(appendsMade, count);
    }

    /** Waits until the server has written {@code count} chat messages (held at the gate or not). */
    boolean awaitChatsMade(int count) throws InterruptedException {
        return awaitCount(chatsMade, count);
    }

    private static boolean awaitCount(AtomicInteger counter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WireClient.WAIT_SECONDS);
        while (counter.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    int appendsMade() {
        return appendsMade.get();
    }

    @Override
    public CompletableFuture<Boolean> append(String documentId, CommittedOp entry) {
        CountDownLatch current = gate;
        appendsMade.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> {
            pass(current);
            if (entry.version() == failVersion) {
                failVersion = -1;
                throw new StoreException("the disk is full (a test failure)");
            }
            return delegate.append(documentId, entry).join();
        }, writer);
    }

    /** Chat messages are written in order with the appends, behind the same gate. */
    @Override
    public CompletableFuture<Void> appendChat(String documentId, ChatMessage message) {
        CountDownLatch current = gate;
        chatsMade.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> {
            pass(current);
            return delegate.appendChat(documentId, message).join();
        }, writer);
    }

    /** Waits (on the writer) until the gate a write was made behind opens. */
    private static void pass(CountDownLatch gate) {
        try {
            gate.await(WireClient.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        super.close();
    }
}
