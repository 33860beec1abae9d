package dev.weft.faults;

import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoredDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Measures what the store's integrity checks cost at start on a large database: one document of
 * {@code ops} operations (default 1,000,000) and a snapshot 500 ops before the end. Prints the
 * median of five runs of: opening (and closing) the store, which includes the checks; opening and
 * loading the document; the checks' own queries; and the full {@code PRAGMA quick_check} for
 * comparison. Not a test: run it by hand (docs/reliability.md).
 *
 * <p>Run with the test class path of the faults module (docs/reliability.md shows how):
 * {@code java -cp CLASSPATH dev.weft.faults.OpenCostMeasurement /tmp/weft-open-cost [ops]}; the
 * directory must not exist yet.
 */
public final class OpenCostMeasurement {
    private OpenCostMeasurement() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        SqliteDocumentStore.open(dir).close();
        String url = "jdbc:sqlite:" + dir.resolve("weft.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            c.setAutoCommit(false);
            s.execute("INSERT INTO documents (doc, id, version, length, created_at, updated_at) VALUES (1, 'big', "
                    + ops + ", " + ops + ", 0, 0)");
            // Every op inserts "t" at 0: the same JSON, so one checksum fits all.
            try (PreparedStatement insert = c.prepareStatement("WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL "
                    + "SELECT v + 1 FROM n WHERE v < ?) INSERT INTO ops (doc, version, client_id, seq, op, committed_at,"
                    + " checksum) SELECT 1, v, 'client-' || (v % 17), v, '[\"t\"]', 0, ? FROM n")) {
                insert.setInt(1, ops);
                insert.setLong(2, crc("[\"t\"]"));
                insert.executeUpdate();
            }
            String text = "t".repeat(ops - 500);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO snapshots (doc, version, text, created_at, checksum) VALUES (1, ?, ?, 0, ?)")) {
                insert.setInt(1, ops - 500);
                insert.setString(2, text);
                insert.setLong(3, crc(text));
                insert.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        System.out.printf("%d ops, a %d MB database file; medians of 5 runs:%n", ops,
                java.nio.file.Files.size(dir.resolve("weft.db")) >> 20);
        System.out.printf("  open + close the store (with the checks): %d ms%n", median(() -> SqliteDocumentStore.open(dir).close()));
        System.out.printf("  open + load(big) + close:                  %d ms%n", median(() -> {
            try (SqliteDocumentStore store = SqliteDocumentStore.open(dir)) {
                StoredDocument doc = store.load("big").orElseThrow();
                if (doc.ops().size() != 500) {
                    throw new IllegalStateException("loaded " + doc.ops().size() + " ops after the snapshot");
                }
            }
        }));
        System.out.printf("  the checks' quick_check of every table but ops: %d ms%n", median(() -> {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                for (String table : List.of("documents", "snapshots", "chat", "flyway_schema_history")) {
                    try (ResultSet rows = s.executeQuery("PRAGMA quick_check(" + table + ")")) {
                        rows.next();
                    }
                }
            }
        }));
        System.out.printf("  full PRAGMA quick_check:                   %d ms%n", median(() -> pragma(url, "quick_check")));
        System.out.printf("  full PRAGMA integrity_check:               %d ms%n", median(() -> pragma(url, "integrity_check")));
    }

    private static void pragma(String url, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("PRAGMA " + name)) {
            rows.next();
            if (!"ok".equals(rows.getString(1))) {
                throw new IllegalStateException(name + ": " + rows.getString(1));
            }
        }
    }

    private static long crc(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static long median(Action action) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            action.run();
            times.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(times);
        return times.get(2);
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
