package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.CommittedOp;
import dev.weft.server.store.StoredDocument;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that comes back at a version whose history the server no longer keeps gets the
 * snapshot with the instruction to rebase, and a submit based on that version is refused with
 * HISTORY_UNAVAILABLE; nothing changes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrunedHistoryTest {

    @Test
    void openAtPrunedVersion_snapshotWithRebase_andSubmitThereIsRefused() throws Exception {
        PrunedStore store = new PrunedStore();
        ServerConfig config = ServerConfig.builder().port(0).store(store).build();
        try (WeftServer server = new WeftServer(config).start();
             WireClient alice = WireClient.hello(server.port(), "alice")) {
            alice.send("type", "open", "doc", "notes");
            alice.expect("snapshot");
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("one"));
            alice.expect("ack");
            alice.send("type", "submit", "doc", "notes", "v", 1, "seq", 2, "op", List.of(3, " two"));
            alice.expect("ack");
            alice.send("type", "submit", "doc", "notes", "v", 2, "seq", 3, "op", List.of(7, " three"));
            assertEquals(3, alice.expect("ack").path("v").asLong());
        }
        store.saveSnapshot("notes", 3, "one two three").join();
        store.pruneBeforeSnapshots = true;

        try (WeftServer server = new WeftServer(config).start();
             WireClient bob = WireClient.hello(server.port(), "bob")) {
            bob.send("type", "open", "doc", "notes", "version", 1);
            JsonNode snapshot = bob.expect("snapshot");
            assertTrue(snapshot.path("rebase").asBoolean(), snapshot.toString());
            assertEquals(3, snapshot.path("v").asLong());
            assertEquals("one two three", snapshot.path("text").asText());

            bob.send("type", "submit", "doc", "notes", "v", 1, "seq", 1, "op", List.of("x"));
            bob.expectError("HISTORY_UNAVAILABLE");

            bob.send("type", "open", "doc", "notes", "version", 3);
            JsonNode catchup = bob.expect("catchup");
            assertEquals(0, catchup.path("ops").size());
            bob.send("type", "open", "doc", "notes");
            JsonNode after = bob.expect("snapshot");
            assertFalse(after.path("rebase").asBoolean());
            assertEquals(3, after.path("v").asLong());
            assertEquals("one two three", after.path("text").asText());
        }
        store.close();
    }

    /** An in-memory store that, once told to, keeps no operation older than a document's latest snapshot. */
    static final class PrunedStore extends ForwardingStore {
        volatile boolean pruneBeforeSnapshots;

        @Override
        public Optional<StoredDocument> load(String documentId) {
            return delegate.load(documentId).map(doc -> pruneBeforeSnapshots
                    ? new StoredDocument(doc.id(), doc.snapshotVersion(), doc.snapshotVersion(), doc.snapshotText(), doc.ops())
                    : doc);
        }

        @Override
        public long oldestVersion(String documentId) {
            return pruneBeforeSnapshots ? load(documentId).map(StoredDocument::oldestVersion).orElse(0L) : 0;
        }

        @Override
        public List<CommittedOp> ops(String documentId, long fromVersion, long toVersion) {
            long oldest = oldestVersion(documentId);
            if (fromVersion < oldest) {
                throw new IllegalArgumentException("version " + fromVersion + " is older than the kept history " + oldest);
            }
            return delegate.ops(documentId, fromVersion, toVersion);
        }
    }
}
