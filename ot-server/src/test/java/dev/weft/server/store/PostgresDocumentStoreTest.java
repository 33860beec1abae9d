package dev.weft.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.Commit;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.Sequencer;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link DocumentStore} contract on a real PostgreSQL (a database of its own, dropped after),
 * and what only a store shared by several nodes shows: two stores on one database arbitrate, and
 * commits reach the other store's listener.
 */
class PostgresDocumentStoreTest extends DocumentStoreContractTest {
    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    DocumentStore newStore() {
        try (PostgresDocumentStore cleaner = PostgresDocumentStore.open(database.address())) {
            cleaner.truncateForTests();
        }
        return PostgresDocumentStore.builder(database.address()).chatHistory(CHAT_HISTORY).open();
    }

    @Test
    void twoStoresOnOneDatabase_sequencersRebaseOverEachOther() {
        try (PostgresDocumentStore other = PostgresDocumentStore.open(database.address())) {
            Sequencer a = StoredHistory.openSequencer(store, "shared");
            Sequencer b = StoredHistory.openSequencer(other, "shared");
            a.submit(new Submission("alice", 1, 0, TextOperation.insert(0, "hello")));

            // b has not seen version 1: its first commit conflicts, reads version 1 and rebases.
            Commit prepared = b.prepare(new Submission("bob", 1, 0, TextOperation.insert(0, "> ")));
            assertThrows(dev.weft.ot.SubmitException.class, () -> b.commit(prepared));
            Commit retried = b.submit(new Submission("bob", 1, 0, TextOperation.insert(0, "> ")));

            assertEquals(2, retried.version());
            assertEquals("> hello", b.text().toString());
            assertEquals(2, store.load("shared").orElseThrow().version());
            // A resubmission through the other store is found, not applied again.
            Commit again = a.submit(new Submission("bob", 1, 0, TextOperation.insert(0, "> ")));
            assertTrue(again.duplicate());
            assertEquals(2, again.version());
            assertEquals(2, store.ops("shared", 0, 99).size());
        }
    }

    @Test
    void listen_commitOnAnotherStore_isHeardWithItsVersion() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        BlockingQueue<Boolean> connected = new LinkedBlockingQueue<>();
        PostgresDocumentStore listening = (PostgresDocumentStore) store;
        listening.listen(new PostgresListener() {
            @Override
            public void committed(String documentId, long version) {
                heard.add(documentId + "@" + version);
            }

            @Override
            public void message(String payload) {
                heard.add("message " + payload);
            }

            @Override
            public void connected() {
                connected.add(true);
            }
        });
        assertEquals(true, connected.poll(30, TimeUnit.SECONDS));
        try (PostgresDocumentStore other = PostgresDocumentStore.open(database.address())) {
            assertTrue(other.append("doc", insert(1, "alice", 1, 0, "x")).join());
            other.broadcast("{\"hello\":1}").join();
            assertEquals("doc@1", heard.poll(30, TimeUnit.SECONDS));
            assertEquals("message {\"hello\":1}", heard.poll(30, TimeUnit.SECONDS));

            // A dropped listening connection is reopened and says so; later commits are heard again.
            listening.dropListeningConnection();
            assertEquals(true, connected.poll(30, TimeUnit.SECONDS));
            assertTrue(other.append("doc", insert(2, "alice", 2, 0, "y")).join());
            assertEquals("doc@2", heard.poll(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void append_refused_sendsNoNotification_andVersionsReadsTheLatest() {
        PostgresDocumentStore pg = (PostgresDocumentStore) store;
        appendLetters("a", 3);
        appendLetters("b", 1);
        assertEquals(false, pg.append("a", insert(3, "bob", 1, 0, "z")).join());

        assertEquals(Map.of("a", 3L, "b", 1L), pg.versions(Set.of("a", "b", "c")));
    }

    @Test
    void broadcast_tooLarge_isRefusedNamingTheSize() {
        PostgresDocumentStore pg = (PostgresDocumentStore) store;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pg.broadcast("x".repeat(PostgresDocumentStore.MAX_BROADCAST_BYTES)));
        assertTrue(e.getMessage().contains("7900"), e.getMessage());
    }

    @Test
    void open_badAddress_failsWithAClearMessage() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> PostgresDocumentStore.open("mysql://127.0.0.1/db"));
        assertTrue(scheme.getMessage().contains("postgresql://"), scheme.getMessage());
        IllegalArgumentException noDb = assertThrows(IllegalArgumentException.class,
                () -> PostgresDocumentStore.open("postgresql://127.0.0.1:5432"));
        assertTrue(noDb.getMessage().contains("no database"), noDb.getMessage());
        StoreException unreachable = assertThrows(StoreException.class, () -> PostgresDocumentStore
                .builder("postgresql://127.0.0.1:1/weft?user=postgres").connectTimeoutMillis(1000).open());
        assertTrue(unreachable.getMessage().contains("127.0.0.1:1"), unreachable.getMessage());
    }

    @Test
    void snapshots_everyIntervalOps_areSavedInTheBackground() {
        try (PostgresDocumentStore small = PostgresDocumentStore.builder(database.address()).snapshotInterval(4).open()) {
            List<CommittedOp> ops = new ArrayList<>();
            for (int v = 1; v <= 9; v++) {
                CommittedOp entry = insert(v, "alice", v, v - 1, "x");
                ops.add(entry);
                assertTrue(small.append("snap", entry).join());
            }
            small.awaitSnapshots();
            StoredDocument doc = small.load("snap").orElseThrow();
            // The snapshot asked for at version 8 may already include version 9.
            assertTrue(doc.snapshotVersion() >= 8, "snapshot version " + doc.snapshotVersion());
            assertEquals("x".repeat((int) doc.snapshotVersion()), doc.snapshotText());
            assertEquals(9, doc.version());
        }
    }
}
