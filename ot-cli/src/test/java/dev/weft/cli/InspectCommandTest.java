package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.Sequencer;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoredHistory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft inspect} and {@code weft export} on stores written directly through the store API. */
class InspectCommandTest {
    @TempDir
    Path data;

    private void write(String documentId, String initialText, String... inserts) {
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            if (!initialText.isEmpty()) {
                store.saveSnapshot(documentId, 0, initialText).join();
            }
            Sequencer sequencer = StoredHistory.openSequencer(store, documentId);
            long seq = 1;
            for (String text : inserts) {
                int end = sequencer.text().length();
                sequencer.submit(new Submission("writer", seq++, sequencer.version(), TextOperation.insert(end, text)));
            }
        }
    }

    @Test
    void inspect_consistentStore_listsEveryDocumentAndExitsZero() {
        write("alpha", "", "a", "b", "c");
        write("beta", "", "\uD83D\uDE05");
        Cli.Run run = Cli.run("inspect", "--data-dir", data.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("alpha +3 +3  \\S+ \\S+ +ok")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("beta +1 +1  \\S+ \\S+ +ok")), run.out());
        assertTrue(run.out().contains("2 documents in " + data + "; every snapshot equals its history replayed."));
    }

    @Test
    void inspect_snapshotThatDisagreesWithTheHistory_exitsOneNamingIt() {
        write("notes", "", "hello", " world");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            store.saveSnapshot("notes", 2, "hello there").join();
        }
        Cli.Run run = Cli.run("inspect", "--data-dir", data.toString());
        assertEquals(ExitCodes.CHECK_FAILED, run.exitCode(), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("notes +2 +11  \\S+ \\S+ +FAILED")), run.out());
        assertTrue(run.out().contains("1 failed the check:\n  notes: the snapshot at version 2 differs from the history"
                + " replayed at code point 6"), run.out());
    }

    @Test
    void inspect_corruptStoredOperation_exitsOneNamingIt() throws SQLException {
        write("notes", "", "a", "b");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("weft.db"));
                Statement update = db.createStatement()) {
            update.executeUpdate("UPDATE ops SET op = '[1, {\"x\": 2}]' WHERE version = 2");
        }
        Cli.Run run = Cli.run("inspect", "--data-dir", data.toString());
        assertEquals(ExitCodes.CHECK_FAILED, run.exitCode(), run.out());
        assertTrue(run.out().contains("  notes: the stored operation at version 2 of document \"notes\" is corrupt: "),
                run.out());
    }

    @Test
    void export_documentWithInitialText_startsFromItsBaseSnapshot() {
        write("seeded", "Dear diary,", "\ntoday", " nothing");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            store.saveSnapshot("seeded", 2, "Dear diary,\ntoday nothing").join();
        }
        Cli.Run export = Cli.run("export", "seeded", "--data-dir", data.toString());
        assertEquals(ExitCodes.OK, export.exitCode(), export.err());
        assertTrue(export.out().startsWith("{\"weft\":\"edit-log\",\"version\":1,\"doc\":\"seeded\",\"startText\":\"Dear diary,\","
                + "\"finalText\":\"Dear diary,\\ntoday nothing\",\"finalVersion\":2}\n"
                + "{\"clientId\":\"writer\",\"seq\":1,\"v\":0,\"op\":[11,\"\\ntoday\"]}\n"), export.out());
        assertEquals(ExitCodes.OK, Cli.run("inspect", "--data-dir", data.toString()).exitCode());
    }
}
