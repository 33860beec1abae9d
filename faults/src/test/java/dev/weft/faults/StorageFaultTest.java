package dev.weft.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoreException;
import dev.weft.server.store.StoredDocument;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage faults: a damaged snapshot, op row or database file, and a migration history that does
 * not fit, are each found when the store opens or the document loads, with a message that names
 * the file or the document. Nothing is read as a wrong text: a damaged snapshot is replaced by
 * an exact replay from an intact base, or the load fails.
 */
class StorageFaultTest {
    private static final String DOC = "notes";
    private static final int OPS = 300;

    @TempDir
    Path dir;
    private Path data;
    private Path file;
    private String expected;

    @BeforeEach
    void writeHistory() {
        data = dir.resolve("data");
        file = data.resolve("weft.db");
        try (SqliteDocumentStore store = SqliteDocumentStore.builder(data).snapshotInterval(1_000_000).open()) {
            Rope text = Rope.empty();
            List<CompletableFuture<Boolean>> appends = new ArrayList<>();
            for (int v = 1; v <= OPS; v++) {
                TextOperation op = TextOperation.insert(text.length(), "<tok" + v + (v % 7 == 0 ? "😅" : "") + ">");
                // Queued in version order without waiting: group commit writes them in few transactions.
                appends.add(store.append(DOC, new CommittedOp(v, "writer", v, op)));
                text = op.apply(text);
                if (v == 250) {
                    store.saveSnapshot(DOC, v, text.toString());
                }
            }
            appends.forEach(append -> assertTrue(append.join()));
            expected = text.toString();
        }
    }

    @Test
    void truncatedLatestSnapshot_loadReplaysEveryOpFromTheStart_exactText() throws Exception {
        sql("UPDATE snapshots SET text = substr(text, 1, 100) WHERE version = 250");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            StoredDocument doc = store.load(DOC).orElseThrow();
            assertEquals(0, doc.snapshotVersion(), "the damaged snapshot is not used");
            assertEquals(expected, replay(doc));
        }
    }

    @Test
    void snapshotWithGarbageOfTheSameLength_loadReplaysEveryOpFromTheStart_exactText() throws Exception {
        sql("UPDATE snapshots SET text = replace(text, '<tok17>', '<tok71>') WHERE version = 250");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            StoredDocument doc = store.load(DOC).orElseThrow();
            assertEquals(0, doc.snapshotVersion());
            assertEquals(expected, replay(doc));
        }
    }

    @Test
    void snapshotWithoutChecksum_notTrusted_loadReplaysEveryOpFromTheStart() throws Exception {
        sql("UPDATE snapshots SET checksum = NULL WHERE version = 250");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            StoredDocument doc = store.load(DOC).orElseThrow();
            assertEquals(0, doc.snapshotVersion(), "a snapshot written without a checksum is not used");
            assertEquals(expected, replay(doc));
        }
    }

    @Test
    void opWithoutChecksum_readFailsNamingDocumentAndVersion() throws Exception {
        sql("UPDATE ops SET checksum = NULL WHERE version = 42");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            assertMessage(() -> store.ops(DOC, 0, OPS), "version 42", "\"notes\"", "damaged");
        }
    }

    @Test
    void damagedInitialSnapshot_loadFailsNamingDocumentAndVersion() throws Exception {
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            store.saveSnapshot("seeded", 0, "initial text").join();
        }
        sql("UPDATE snapshots SET text = 'initial tex' WHERE version = 0");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            assertMessage(() -> store.load("seeded"), "\"seeded\"", "version 0", "damaged", file.toString());
        }
    }

    @Test
    void opJsonChangedInTheDatabase_loadAndReadsFailNamingDocumentAndVersion() throws Exception {
        sql("UPDATE snapshots SET text = 'x' WHERE version = 250");
        sql("UPDATE ops SET op = '[7,\"<tok9>\"]' WHERE version = 9");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            assertMessage(() -> store.load(DOC), "version 9", "\"notes\"", "damaged");
            assertMessage(() -> store.ops(DOC, 0, OPS), "version 9", "\"notes\"", "damaged");
        }
    }

    @Test
    void bytesOfAnOpChangedInTheFile_readFailsNamingDocumentAndVersion() throws Exception {
        // Same length, valid JSON, valid page: only the op's checksum can tell.
        replaceInFile("<tok123>\"]", "<tok321>\"]");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            assertMessage(() -> store.ops(DOC, 0, OPS), "version 123", "\"notes\"", "damaged");
        }
    }

    @Test
    void garbagePageInTheOpTable_readFailsNamingTheFile() throws Exception {
        long offset = offsetOf("<tok200>\"]"); // the op, not the snapshot text
        int pageSize = 4096;
        byte[] garbage = new byte[pageSize];
        new Random(20261129).nextBytes(garbage);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset / pageSize * pageSize);
            raf.write(garbage);
        }
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            StoreException e = assertThrows(StoreException.class, () -> store.ops(DOC, 0, OPS));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    @Test
    void truncatedFile_openFailsNamingTheFile() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString(), "truncated");
    }

    @Test
    void garbagePageInTheDocumentTable_openFails() throws Exception {
        long page = pageOf("documents");
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek((page - 1) * 4096);
            raf.write(garbage);
        }
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString(), "damaged");
    }

    @Test
    void nullInANotNullColumnOfTheSnapshotTable_openFailsNamingTheTable() throws Exception {
        // A damage that reads without an error: only the check of every table at open finds it
        // (opening reads no snapshot). Made by hand: drop the constraint, break it, restore it.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA writable_schema = ON");
            s.execute("UPDATE sqlite_schema SET sql = replace(sql, 'text       TEXT    NOT NULL', 'text TEXT')"
                    + " WHERE name = 'snapshots'");
        }
        sql("UPDATE snapshots SET text = NULL WHERE version = 250");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA writable_schema = ON");
            s.execute("UPDATE sqlite_schema SET sql = replace(sql, 'text TEXT', 'text       TEXT    NOT NULL')"
                    + " WHERE name = 'snapshots'");
        }
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString(), "damaged (table snapshots)");
    }

    @Test
    void opRowThatIsNotJson_readFailsNamingDocumentAndVersion() throws Exception {
        sql("UPDATE ops SET op = '[\"x' WHERE version = 9");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            StoreException e = assertThrows(StoreException.class, () -> store.ops(DOC, 0, OPS));
            assertTrue(e.getMessage().contains("version 9") && e.getMessage().contains(DOC), e.getMessage());
        }
    }

    @Test
    void damagedPageSizeInTheHeader_openFailsNamingTheFile() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(16);
            raf.writeShort(3000); // not a power of two
        }
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString(), "damaged header (page size 3000)");
    }

    @Test
    void wrongFile_openFailsNamingTheFile() throws Exception {
        Files.writeString(file, "this is a text file, not a database\n".repeat(200));
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString(), "not a SQLite database");
    }

    @Test
    void anotherApplicationsDatabase_openFailsNamingTheFile() throws Exception {
        Files.delete(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)");
        }
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString(), "migrations");
    }

    @Test
    void databaseOfANewerWeft_openFails() throws Exception {
        sql("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, installed_on, execution_time, success) SELECT max(installed_rank) + 1, '99',"
                + " 'from the future', 'SQL', 'V99__from_the_future.sql', 0, '', '2030-01-01 00:00:00.000', 0, 1"
                + " FROM flyway_schema_history");
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString(), "newer Weft", "99");
    }

    @Test
    void changedMigration_openFails() throws Exception {
        sql("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString(), "checksum");
    }

    @Test
    void missingMigrationRecord_openFails_dataUntouched() throws Exception {
        sql("DELETE FROM flyway_schema_history WHERE version = '2'");
        assertMessage(() -> SqliteDocumentStore.open(data), file.toString());
        sql("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, installed_on, execution_time, success) VALUES (3, '2', 'checksums of snapshots"
                + " and ops', 'JDBC', 'dev.weft.server.store.ChecksumMigration', 2, '', '2026-01-01 00:00:00.000', 0, 1)");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            assertEquals(expected, replay(store.load(DOC).orElseThrow()));
        }
    }

    @Test
    void versionOneDatabase_migratesAndGetsChecksums_sameText() throws Exception {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        String url = "jdbc:sqlite:" + old.resolve("weft.db");
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/weft/sqlite").target("1").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO documents (doc, id, version, length, created_at, updated_at) VALUES (1, 'old', 2, 5, 0, 0)");
            s.execute("INSERT INTO ops VALUES (1, 1, 'a', 1, '[\"abc\"]', 0), (1, 2, 'a', 2, '[3,\"de\"]', 0)");
            s.execute("INSERT INTO snapshots VALUES (1, 1, 'abc', 0)");
        }
        try (SqliteDocumentStore store = SqliteDocumentStore.open(old)) {
            StoredDocument doc = store.load("old").orElseThrow();
            assertEquals(1, doc.snapshotVersion(), "the snapshot got its checksum and is used");
            assertEquals("abcde", replay(doc));
        }
    }

    @Test
    void serverStart_onADamagedFile_failsNamingTheFile() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 3);
        }
        WeftServer server = new WeftServer(ServerConfig.builder().port(0).dataDirectory(data).build());
        assertMessage(server::start, file.toString(), "truncated");
        server.stop();
    }

    private static String replay(StoredDocument doc) {
        Rope text = Rope.of(doc.snapshotText());
        for (CommittedOp op : doc.ops()) {
            text = op.op().apply(text);
        }
        return text.toString();
    }

    private static void assertMessage(Executable action, String... parts) {
        StoreException e = assertThrows(StoreException.class, action::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "\"" + part + "\" missing from: " + e.getMessage());
        }
    }

    /** Runs SQL on the closed store's file, as a person with the sqlite3 tool would. */
    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long pageOf(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             var rows = s.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long offsetOf(String text) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " is not in " + file);
    }

    private void replaceInFile(String from, String to) throws Exception {
        long offset = offsetOf(from);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(to.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An action that may throw anything. */
    @FunctionalInterface
    private interface Executable {
        void run() throws Throwable;
    }
}
