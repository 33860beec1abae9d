package dev.weft.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.TextOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link DocumentStore} contract; each store's test class runs it. */
abstract class DocumentStoreContractTest {
    static final int CHAT_HISTORY = 5;

    DocumentStore store;

    /** A new, empty store that keeps {@link #CHAT_HISTORY} chat messages per document. */
    abstract DocumentStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static CommittedOp insert(long version, String clientId, long seq, int position, String text) {
        return new CommittedOp(version, clientId, seq, TextOperation.insert(position, text));
    }

    /** Appends "a", "b", "c", ... as versions 1 to {@code count} by client "alice" with seq = version. */
    void appendLetters(String doc, int count) {
        for (int v = 1; v <= count; v++) {
            assertTrue(store.append(doc, insert(v, "alice", v, v - 1, String.valueOf((char) ('a' + (v - 1) % 26))))
                    .join());
        }
    }

    @Test
    void load_unknownDocument_isEmpty() {
        assertEquals(Optional.empty(), store.load("nobody-wrote-this"));
        assertEquals(List.of(), store.ops("nobody-wrote-this", 0, 10));
        assertEquals(0, store.lastSeq("nobody-wrote-this", "alice"));
        assertEquals(Optional.empty(), store.find("nobody-wrote-this", "alice", 1));
        assertEquals(0, store.oldestVersion("nobody-wrote-this"));
        assertEquals(List.of(), store.recentChat("nobody-wrote-this", 10));
    }

    @Test
    void append_nextVersions_loadReturnsThemInOrder() {
        appendLetters("doc", 3);

        StoredDocument doc = store.load("doc").orElseThrow();
        assertEquals(3, doc.version());
        assertEquals(0, doc.snapshotVersion());
        assertEquals("", doc.snapshotText());
        assertEquals(List.of(1L, 2L, 3L), doc.ops().stream().map(CommittedOp::version).toList());
        assertEquals(TextOperation.insert(1, "b"), doc.ops().get(1).op());
    }

    @Test
    void append_versionNotLatestPlusOne_conflictsAndChangesNothing() {
        assertFalse(store.append("doc", insert(2, "alice", 1, 0, "x")).join(), "gap on a new document");
        assertEquals(Optional.empty(), store.load("doc"), "a refused append must not create the document");
        appendLetters("doc", 2);

        assertFalse(store.append("doc", insert(2, "bob", 1, 0, "x")).join(), "version taken");
        assertFalse(store.append("doc", insert(4, "bob", 1, 0, "x")).join(), "gap");
        assertFalse(store.append("doc", insert(1, "bob", 1, 0, "x")).join(), "old version");
        assertEquals(2, store.load("doc").orElseThrow().version());
        assertEquals(0, store.lastSeq("doc", "bob"));
    }

    @Test
    void append_sameClientAndSeqTwice_conflicts() {
        assertTrue(store.append("doc", insert(1, "alice", 7, 0, "x")).join());
        assertFalse(store.append("doc", insert(2, "alice", 7, 0, "y")).join());
        assertEquals(1, store.load("doc").orElseThrow().version());
    }

    @Test
    void append_sameVersionFromManyThreads_exactlyOneWinsEach() throws Exception {
        int threads = 8;
        int versions = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int v = 1; v <= versions; v++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    CommittedOp entry = insert(v, "client-" + t, v, 0, "t" + t);
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return store.append("raced", entry).join();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> attempt : attempts) {
                    winners += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "winners of version " + v);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(versions, store.load("raced").orElseThrow().version());
    }

    @Test
    void ops_range_returnsVersionsAfterFromUpToTo() {
        appendLetters("doc", 5);

        assertEquals(List.of(3L, 4L), store.ops("doc", 2, 4).stream().map(CommittedOp::version).toList());
        assertEquals(List.of(4L, 5L), store.ops("doc", 3, 99).stream().map(CommittedOp::version).toList());
        assertEquals(List.of(), store.ops("doc", 5, 5));
        assertEquals(List.of(), store.ops("doc", 7, 9));
        assertEquals(5, store.ops("doc", 0, Long.MAX_VALUE).size());
    }

    @Test
    void ops_negativeOrReversedRange_throwsNamingTheValue() {
        appendLetters("doc", 2);

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> store.ops("doc", -5, 2));
        assertTrue(negative.getMessage().contains("-5"), negative.getMessage());
        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class, () -> store.ops("doc", 2, 1));
        assertTrue(reversed.getMessage().contains("to version 1"), reversed.getMessage());
    }

    @Test
    void badArguments_throwIllegalArgumentNamingTheValue() {
        IllegalArgumentException seq = assertThrows(IllegalArgumentException.class, () -> store.find("doc", "alice", -3));
        assertTrue(seq.getMessage().contains("-3"), seq.getMessage());
        IllegalArgumentException snapshot = assertThrows(IllegalArgumentException.class,
                () -> store.saveSnapshot("doc", -2, "text"));
        assertTrue(snapshot.getMessage().contains("-2"), snapshot.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.load(""));
        assertThrows(IllegalArgumentException.class, () -> store.append(null, insert(1, "a", 1, 0, "x")));
        assertThrows(IllegalArgumentException.class, () -> store.lastSeq("doc", ""));
        assertThrows(IllegalArgumentException.class, () -> store.recentChat("doc", -1));
    }

    @Test
    void find_committedClientAndSeq_returnsTheEntry() {
        appendLetters("doc", 2);
        assertTrue(store.append("doc", insert(3, "bob", 41, 0, "B")).join());
        assertTrue(store.append("doc", insert(4, "bob", 42, 0, "b")).join());

        CommittedOp found = store.find("doc", "bob", 41).orElseThrow();
        assertEquals(3, found.version());
        assertEquals(TextOperation.insert(0, "B"), found.op());
        assertEquals(Optional.empty(), store.find("doc", "bob", 40));
        assertEquals(Optional.empty(), store.find("other", "bob", 41));
        assertEquals(42, store.lastSeq("doc", "bob"));
        assertEquals(2, store.lastSeq("doc", "alice"));
        assertEquals(0, store.lastSeq("doc", "carol"));
    }

    @Test
    void saveSnapshot_thenLoad_startsFromTheSnapshotWithTheTail() {
        appendLetters("doc", 4);
        store.saveSnapshot("doc", 3, "abc").join();

        StoredDocument doc = store.load("doc").orElseThrow();
        assertEquals(3, doc.snapshotVersion());
        assertEquals("abc", doc.snapshotText());
        assertEquals(List.of(4L), doc.ops().stream().map(CommittedOp::version).toList());
        assertEquals(4, doc.version());
        assertEquals(4, store.ops("doc", 0, 4).size(), "the full history is kept");
    }

    @Test
    void saveSnapshot_aheadOfTheLatestVersion_fails() {
        appendLetters("doc", 2);

        CompletionException e = assertThrows(CompletionException.class,
                () -> store.saveSnapshot("doc", 3, "abc").join());
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(cause.getMessage().contains("snapshot version 3"), cause.getMessage());
        assertEquals(0, store.load("doc").orElseThrow().snapshotVersion());
    }

    @Test
    void saveSnapshot_atVersionZero_givesANewDocumentItsText() {
        store.saveSnapshot("doc", 0, "héllo 😅").join();
        assertTrue(store.append("doc", insert(1, "alice", 1, 7, "!")).join());

        StoredDocument doc = store.load("doc").orElseThrow();
        assertEquals("héllo 😅", doc.snapshotText());
        assertEquals(1, doc.version());
        DocumentSummary summary = store.list().get(0);
        assertEquals(8, summary.length(), "length counts code points");
    }

    @Test
    void list_documents_summarizesEachInIdOrder() {
        Instant before = Instant.now().minusSeconds(1);
        appendLetters("zeta", 3);
        appendLetters("alpha", 1);

        List<DocumentSummary> summaries = store.list();
        assertEquals(List.of("alpha", "zeta"), summaries.stream().map(DocumentSummary::id).toList());
        assertEquals(3, summaries.get(1).version());
        assertEquals(3, summaries.get(1).length());
        assertTrue(summaries.get(1).lastChange().isAfter(before));
    }

    @Test
    void chat_recentMessages_oldestFirstAndBounded() {
        Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
        for (int i = 0; i < CHAT_HISTORY + 3; i++) {
            store.appendChat("doc", new ChatMessage("user" + i, "message " + i, t0.plusSeconds(i))).join();
        }

        List<ChatMessage> all = store.recentChat("doc", 100);
        assertEquals(CHAT_HISTORY, all.size(), "the store keeps only the most recent messages");
        assertEquals(new ChatMessage("user3", "message 3", t0.plusSeconds(3)), all.get(0));
        List<ChatMessage> lastTwo = store.recentChat("doc", 2);
        assertEquals(List.of("message 6", "message 7"), lastTwo.stream().map(ChatMessage::text).toList());
        assertEquals(List.of(), store.recentChat("other", 5));
    }

    @Test
    void close_thenUse_throwsStoreException() {
        store.close();
        assertThrows(StoreException.class, () -> store.load("doc"));
        assertThrows(StoreException.class, () -> store.append("doc", insert(1, "a", 1, 0, "x")));
        store.close();
    }
}
