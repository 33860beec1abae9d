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

/** An in-memory store that forwards every call; tests override the calls whose behaviour they change. */
abstract class ForwardingStore implements DocumentStore {
    final InMemoryDocumentStore delegate = new InMemoryDocumentStore();

    @Override
    public CompletableFuture<Boolean> append(String documentId, CommittedOp entry) {
        return delegate.append(documentId, entry);
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
