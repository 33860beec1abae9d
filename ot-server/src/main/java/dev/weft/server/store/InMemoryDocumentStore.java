package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link DocumentStore} in memory, for tests and simulations: the same contract as
 * {@link SqliteDocumentStore}, nothing survives the process. Writes complete before they return.
 * It takes no snapshots by itself; {@link #saveSnapshot} stores them as asked. Thread-safe: one
 * lock guards everything.
 */
public final class InMemoryDocumentStore implements DocumentStore {
    /** How many chat messages per document the no-argument constructor keeps. */
    public static final int DEFAULT_CHAT_HISTORY = 200;

    private final int chatHistory;
    private final Clock clock;
    private final Map<String, Doc> docs = new HashMap<>();
    private boolean closed;

    /** An empty store that keeps the {@value #DEFAULT_CHAT_HISTORY} most recent chat messages per document. */
    public InMemoryDocumentStore() {
        this(DEFAULT_CHAT_HISTORY);
    }

    /** An empty store that keeps the {@code chatHistory} most recent chat messages per document. */
    public InMemoryDocumentStore(int chatHistory) {
        this.chatHistory = Checks.positive("chat history", chatHistory);
        this.clock = Clock.systemUTC();
    }

    @Override
    public synchronized Optional<StoredDocument> load(String documentId) {
        Doc doc = existing(documentId);
        if (doc == null) {
            return Optional.empty();
        }
        Map.Entry<Long, String> snapshot = doc.snapshots.lastEntry();
        long snapshotVersion = snapshot == null ? 0 : snapshot.getKey();
        String snapshotText = snapshot == null ? "" : snapshot.getValue();
        return Optional.of(new StoredDocument(documentId, 0, snapshotVersion, snapshotText,
                doc.ops.subList((int) snapshotVersion, doc.ops.size())));
    }

    @Override
    public synchronized CompletableFuture<Boolean> append(String documentId, CommittedOp entry) {
        Checks.documentId(documentId);
        Checks.entry(entry);
        checkOpen();
        Doc doc = docs.get(documentId);
        long latest = doc == null ? 0 : doc.ops.size();
        if (entry.version() != latest + 1
                || (doc != null && doc.byAuthor.containsKey(new Author(entry.clientId(), entry.seq())))) {
            return CompletableFuture.completedFuture(false);
        }
        if (doc == null) {
            doc = create(documentId);
        }
        doc.ops.add(entry);
        doc.byAuthor.put(new Author(entry.clientId(), entry.seq()), entry);
        doc.lastSeqs.merge(entry.clientId(), entry.seq(), Math::max);
        doc.length += entry.op().lengthDelta();
        doc.lastChange = clock.instant();
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized List<CommittedOp> ops(String documentId, long fromVersion, long toVersion) {
        Checks.range(fromVersion, toVersion);
        Doc doc = existing(documentId);
        if (doc == null || fromVersion >= doc.ops.size()) {
            return List.of();
        }
        return List.copyOf(doc.ops.subList((int) fromVersion, (int) Math.min(toVersion, doc.ops.size())));
    }

    @Override
    public synchronized Optional<CommittedOp> find(String documentId, String clientId, long seq) {
        Checks.author(clientId, seq);
        Doc doc = existing(documentId);
        return doc == null ? Optional.empty() : Optional.ofNullable(doc.byAuthor.get(new Author(clientId, seq)));
    }

    @Override
    public synchronized long lastSeq(String documentId, String clientId) {
        Checks.clientId(clientId);
        Doc doc = existing(documentId);
        return doc == null ? 0 : doc.lastSeqs.getOrDefault(clientId, 0L);
    }

    @Override
    public synchronized CompletableFuture<Void> saveSnapshot(String documentId, long version, String text) {
        Checks.documentId(documentId);
        Checks.version("snapshot version", version);
        Checks.snapshotText(text);
        checkOpen();
        Doc doc = docs.get(documentId);
        long latest = doc == null ? 0 : doc.ops.size();
        if (version > latest) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("snapshot version " + version
                    + " is ahead of the document's latest version " + latest));
        }
        if (doc == null) {
            doc = create(documentId);
        }
        doc.snapshots.put(version, text);
        if (version == latest) {
            doc.length = text.codePointCount(0, text.length());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized long oldestVersion(String documentId) {
        existing(documentId);
        return 0;
    }

    @Override
    public synchronized List<DocumentSummary> list() {
        checkOpen();
        List<DocumentSummary> summaries = new ArrayList<>();
        new TreeMap<>(docs).forEach((id, doc) ->
                summaries.add(new DocumentSummary(id, doc.ops.size(), doc.length, doc.lastChange)));
        return summaries;
    }

    @Override
    public synchronized CompletableFuture<Void> appendChat(String documentId, ChatMessage message) {
        Checks.documentId(documentId);
        Checks.chat(message);
        checkOpen();
        Doc doc = docs.computeIfAbsent(documentId, id -> new Doc(clock.instant()));
        // Milliseconds, as SQLite keeps them, so both stores return the same message.
        doc.chat.addLast(new ChatMessage(message.author(), message.text(), message.time().truncatedTo(ChronoUnit.MILLIS)));
        while (doc.chat.size() > chatHistory) {
            doc.chat.removeFirst();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<ChatMessage> recentChat(String documentId, int limit) {
        Checks.limit(limit);
        Doc doc = existing(documentId);
        if (doc == null) {
            return List.of();
        }
        List<ChatMessage> all = new ArrayList<>(doc.chat);
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private Doc existing(String documentId) {
        Checks.documentId(documentId);
        checkOpen();
        return docs.get(documentId);
    }

    private Doc create(String documentId) {
        Doc doc = new Doc(clock.instant());
        docs.put(documentId, doc);
        return doc;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("the store is closed");
        }
    }

    private record Author(String clientId, long seq) {}

    private static final class Doc {
        final List<CommittedOp> ops = new ArrayList<>();
        final Map<Author, CommittedOp> byAuthor = new HashMap<>();
        final Map<String, Long> lastSeqs = new HashMap<>();
        final TreeMap<Long, String> snapshots = new TreeMap<>();
        final Deque<ChatMessage> chat = new ArrayDeque<>();
        long length;
        Instant lastChange;

        Doc(Instant created) {
            lastChange = created;
        }
    }
}
