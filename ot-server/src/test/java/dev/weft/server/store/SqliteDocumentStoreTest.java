package dev.weft.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.Commit;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.Sequencer;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link DocumentStore} contract on SQLite, and what only a file-backed store can show. */
class SqliteDocumentStoreTest extends DocumentStoreContractTest {
    @TempDir
    Path dir;

    @Override
    DocumentStore newStore() {
        return SqliteDocumentStore.builder(dir.resolve("data")).chatHistory(CHAT_HISTORY).open();
    }

    private SqliteDocumentStore reopen() {
        store.close();
        store = newStore();
        return (SqliteDocumentStore) store;
    }

    @Test
    void open_missingDirectory_createsItWithTheDatabase() {
        Path data = dir.resolve("data");
        assertTrue(Files.isRegularFile(data.resolve("weft.db")));
        assertTrue(Files.isRegularFile(data.resolve("weft.lock")));
    }

    @Test
    void open_directoryInUse_fails() {
        StoreException e = assertThrows(StoreException.class, () -> SqliteDocumentStore.open(dir.resolve("data")));
        assertTrue(e.getMessage().contains("data"), e.getMessage());
    }

    @Test
    void journalMode_isWal() {
        assertEquals("wal", ((SqliteDocumentStore) store).pragma("journal_mode"));
    }

    @Test
    void reopen_afterClose_keepsOpsSnapshotsAndChat() {
        appendLetters("doc", 3);
        store.saveSnapshot("doc", 2, "ab").join();
        store.appendChat("doc", new ChatMessage("alice", "hi", Instant.ofEpochMilli(1234))).join();

        reopen();

        StoredDocument doc = store.load("doc").orElseThrow();
        assertEquals(2, doc.snapshotVersion());
        assertEquals("ab", doc.snapshotText());
        assertEquals(3, doc.version());
        assertEquals(3, store.find("doc", "alice", 3).orElseThrow().version());
        assertEquals(List.of(new ChatMessage("alice", "hi", Instant.ofEpochMilli(1234))), store.recentChat("doc", 10));
        assertTrue(store.append("doc", insert(4, "alice", 4, 3, "d")).join());
        assertFalse(store.append("doc", insert(4, "bob", 1, 0, "x")).join());
    }

    @Test
    void opsColumn_readWithPlainSql_isOtTextUnicodeJson() throws Exception {
        assertTrue(store.append("doc", new CommittedOp(1, "alice", 1, TextOperation.insert(0, "hi 😅"))).join());
        assertTrue(store.append("doc", new CommittedOp(2, "alice", 2,
                TextOperation.builder().retain(1).delete("i").insert("o").build())).join());
        store.close();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/weft.db"));
             Statement statement = c.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT o.op FROM ops o JOIN documents d USING (doc) WHERE d.id = 'doc' ORDER BY o.version")) {
            List<String> ops = new ArrayList<>();
            while (rows.next()) {
                ops.add(rows.getString(1));
            }
            assertEquals(List.of("[\"hi 😅\"]", "[1,{\"d\":\"i\"},\"o\"]"), ops);
        }
        store = newStore();
    }

    @Test
    void groupCommit_concurrentAppends_shareTransactions() throws Exception {
        SqliteDocumentStore sqlite = (SqliteDocumentStore) store;
        int threads = 8;
        int appendsEach = 100;
        long transactionsBefore = sqlite.transactionCount();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String doc = "doc-" + t;
            writers.add(pool.submit(() -> {
                start.await();
                for (int v = 1; v <= appendsEach; v++) {
                    assertTrue(store.append(doc, insert(v, "c", v, 0, "x")).join());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        long appends = (long) threads * appendsEach;
        long transactions = sqlite.transactionCount() - transactionsBefore;
        assertTrue(transactions < appends, transactions + " transactions for " + appends + " appends");
        for (int t = 0; t < threads; t++) {
            assertEquals(appendsEach, store.load("doc-" + t).orElseThrow().version());
        }
    }

    @Test
    void snapshots_everyIntervalOps_loadReplaysOnlyTheTail() {
        store.close();
        store = SqliteDocumentStore.builder(dir.resolve("data")).snapshotInterval(10).open();
        appendLetters("doc", 25);
        ((SqliteDocumentStore) store).awaitSnapshots();

        // The snapshot taken after version 20 covers whatever was committed when it ran.
        StoredDocument doc = store.load("doc").orElseThrow();
        assertTrue(doc.snapshotVersion() >= 20, "snapshot at " + doc.snapshotVersion());
        assertEquals("abcdefghijklmnopqrstuvwxy".substring(0, (int) doc.snapshotVersion()), doc.snapshotText());
        assertEquals(25 - doc.snapshotVersion(), doc.ops().size());
        assertEquals(25, store.ops("doc", 0, 25).size(), "no operation is pruned");
    }

    @Test
    void sequencer_onAReopenedStore_continuesAndRecognizesDuplicates() {
        Sequencer before = StoredHistory.openSequencer(store, "doc");
        before.submit(new Submission("alice", 1, 0, TextOperation.insert(0, "hello")));
        before.submit(new Submission("bob", 1, 1, TextOperation.insert(5, " world")));
        Commit third = before.submit(new Submission("alice", 2, 1, TextOperation.insert(0, ">")));
        store.saveSnapshot("doc", 2, "hello world").join();

        reopen();
        Sequencer after = StoredHistory.openSequencer(store, "doc");

        assertEquals(3, after.version());
        assertEquals(">hello world", after.text().toString());
        Commit resubmitted = after.submit(new Submission("alice", 2, 1, TextOperation.insert(0, ">")));
        assertTrue(resubmitted.duplicate());
        assertEquals(third.entry(), resubmitted.entry());
        Commit rebased = after.submit(new Submission("bob", 2, 2, TextOperation.insert(11, "!")));
        assertEquals(4, rebased.version());
        assertEquals(">hello world!", after.text().toString());
        assertEquals(4, store.load("doc").orElseThrow().version());
    }
}
