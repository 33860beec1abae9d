package dev.weft.server;

import dev.weft.ot.CommittedOp;
import dev.weft.server.store.ChatMessage;
import dev.weft.server.store.DocumentStore;
import dev.weft.server.store.DocumentSummary;
import dev.weft.server.store.InMemoryDocumentStore;
import dev.weft.server.store.StoredDocument;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An in-memory store whose appends wait for {@link #open()} while closed, to hold a commit between submit and ack. */
final class GatedStore implements DocumentStore {
    private final InMemoryDocumentStore delegate = new InMemoryDocumentStore();
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

    @Override
    public Optional<StoredDocument> load(String documentId) {
        return delegate.load(documentId);
    }

    @Override
    public List<CommittedOp> ops(String documentId, long fromVersion, long toVersion) {
        return delegate.ops(documentId, fromVersion, toVersion);
    }

    @Override
    public Optional<CommittedOp> find(String documentId, String clientId, long seq) {
        return delegate.find(documentId, clientId, seq);
    }

    @Override
    public long lastSeq(String documentId, String clientId) {
        return delegate.lastSeq(documentId, clientId);
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(String documentId, long version, String text) {
        return delegate.saveSnapshot(documentId, version, text);
    }

    @Override
    public long oldestVersion(String documentId) {
        return delegate.oldestVersion(documentId);
    }

    @Override
    public List<DocumentSummary> list() {
        return delegate.list();
    }

    @Override
    public CompletableFuture<Void> appendChat(String documentId, ChatMessage message) {
        return delegate.appendChat(documentId, message);
    }

    @Override
    public List<ChatMessage> recentChat(String documentId, int limit) {
        return delegate.recentChat(documentId, limit);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
