package dev.weft.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The checks a store makes when it opens its database file, cheap enough for every start
 * (docs/reliability.md has the figures): the file's header, its length against the page count
 * the header records, and SQLite's {@code PRAGMA quick_check} of every table but {@code ops}.
 * The op table, which grows with the history, is checked row by row as it is read instead: every
 * op carries a checksum ({@link Checksums}), and SQLite reports a damaged page when a read
 * touches it. The full {@code PRAGMA quick_check} of a million-op file takes seconds, too long
 * for a start; run it with the sqlite3 tool when in doubt.
 */
final class SqliteIntegrity {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = 100;

    private SqliteIntegrity() {}

    /** Checks the header and length of an existing, non-empty file; a new file passes. */
    static void checkFile(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return;
            }
            long size = Files.size(file);
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                int read = 0;
                while (header.hasRemaining() && read >= 0) {
                    read = channel.read(header);
                }
            }
            byte[] magic = new byte[MAGIC.length];
            header.flip();
            if (header.remaining() < HEADER_BYTES || !Arrays.equals(magic(header, magic), MAGIC)) {
                throw new StoreException("the database file " + file + " is not a SQLite database (its first "
                        + "bytes are not a SQLite header): a wrong or overwritten file");
            }
            int pageSize = header.getShort(16) & 0xffff;
            pageSize = pageSize == 1 ? 65_536 : pageSize;
            if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
                throw new StoreException("the database file " + file + " has a damaged header (page size " + pageSize + ")");
            }
            long pages = header.getInt(28) & 0xffffffffL;
            boolean pagesValid = header.getInt(92) == header.getInt(24);
            if (pagesValid && pages > 0 && size < pages * pageSize && !walHoldsFrames(file)) {
                throw new StoreException("the database file " + file + " is truncated: " + size + " bytes, but its header"
                        + " counts " + pages + " pages of " + pageSize + " bytes (" + pages * pageSize + " bytes)");
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the database file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code PRAGMA quick_check} on every table but {@code ops}, and the header read that finds a non-database. */
    static void checkTables(Connection c, Path file) {
        try (Statement statement = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'ops' ORDER BY name")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("PRAGMA quick_check(\"" + table.replace("\"", "\"\"") + "\")")) {
                    List<String> problems = new ArrayList<>();
                    while (rows.next() && problems.size() < 5) {
                        problems.add(rows.getString(1));
                    }
                    if (!problems.equals(List.of("ok"))) {
                        throw new StoreException("the database file " + file + " is damaged (table " + table + "): "
                                + String.join("; ", problems));
                    }
                }
            }
        } catch (SQLException e) {
            throw damaged(file, e);
        }
    }

    /** Whether {@code e} is SQLite saying the file is damaged or not a database. */
    static boolean isDamage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB
                        || code.name().startsWith("SQLITE_CORRUPT_")) {
                    return true;
                }
            }
        }
        return false;
    }

    static StoreException damaged(Path file, Throwable e) {
        String reason = e.getMessage();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException) {
                reason = cause.getMessage();
            }
        }
        return new StoreException(isDamage(e)
                ? "the database file " + file + " is damaged or not a database: " + reason
                : "cannot check the database file " + file + ": " + reason, e);
    }

    private static byte[] magic(ByteBuffer header, byte[] into) {
        header.get(0, into);
        return into;
    }

    /** A WAL with frames may hold pages past the end of the main file until it is checkpointed. */
    private static boolean walHoldsFrames(Path file) throws IOException {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return Files.exists(wal) && Files.size(wal) > 32;
    }
}
