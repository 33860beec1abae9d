package dev.weft.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 2: a {@code checksum} column on {@code snapshots} and {@code ops}
 * ({@link Checksums}), filled in for the rows a version-1 database already holds, in the same
 * transaction. A Java migration because SQLite has no CRC-32C function. Registered explicitly
 * (no class path scanning), beside the SQL files of {@code db/weft/sqlite}.
 */
final class ChecksumMigration implements JavaMigration {
    private static final int CHUNK = 10_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "checksums of snapshots and ops";
    }

    /** Flyway refuses to start if an applied migration's checksum changes: bump it only with a new version. */
    @Override
    public Integer getChecksum() {
        return 2;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement alter = c.createStatement()) {
            alter.execute("ALTER TABLE snapshots ADD COLUMN checksum INTEGER");
            alter.execute("ALTER TABLE ops ADD COLUMN checksum INTEGER");
        }
        fill(c, "snapshots", "text");
        fill(c, "ops", "op");
    }

    /**
     * Reads the rows in chunks, in key order, and updates each chunk after reading it: SQLite
     * leaves undefined what a scan sees of rows its own connection changes meanwhile.
     */
    private static void fill(Connection c, String table, String column) throws SQLException {
        long[] after = {-1, -1};
        while (true) {
            List<Object[]> chunk = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT doc, version, " + column + " FROM " + table
                    + " WHERE (doc, version) > (?, ?) ORDER BY doc, version LIMIT " + CHUNK)) {
                select.setLong(1, after[0]);
                select.setLong(2, after[1]);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        chunk.add(new Object[] {row.getLong(1), row.getLong(2), Checksums.of(row.getString(3))});
                    }
                }
            }
            if (chunk.isEmpty()) {
                return;
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE " + table + " SET checksum = ? WHERE doc = ? AND version = ?")) {
                for (Object[] row : chunk) {
                    update.setLong(1, (Long) row[2]);
                    update.setLong(2, (Long) row[0]);
                    update.setLong(3, (Long) row[1]);
                    update.addBatch();
                }
                update.executeBatch();
            }
            Object[] last = chunk.get(chunk.size() - 1);
            after[0] = (Long) last[0];
            after[1] = (Long) last[1];
        }
    }
}
