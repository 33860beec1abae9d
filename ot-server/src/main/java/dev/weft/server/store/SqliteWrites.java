package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.OperationJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The SQLite writes that differ from PostgreSQL's (the chat, and what a snapshot shares, are
 * {@link JdbcWrites}): every row carries a checksum, a refused append is a constraint error, and
 * a new document is undone with a named savepoint. Each method runs on the
 * {@link GroupCommitWriter}'s connection inside the batch's transaction, so it commits with the
 * batch, never on its own.
 */
final class SqliteWrites {
    private SqliteWrites() {}

    /**
     * The conditional append, in two statements. The op row goes in only while the document is at
     * version {@code v - 1}; the primary key (doc, version) and the unique (doc, client_id, seq)
     * index refuse a second entry for a version or an author's seq, which also counts as a
     * conflict. A refused insert changes nothing (SQLite undoes a failed statement), so only then
     * does the document row move to {@code v}. This is the same arbitration a database shared by
     * several nodes would do. Version 1 first creates the document if it is new, in a savepoint
     * that a refused append rolls back.
     */
    static boolean append(Connection c, CachedStatements cached, String documentId, CommittedOp entry, long now)
            throws SQLException {
        String opJson = OperationJson.write(entry.op(), JacksonCodec.INSTANCE);
        boolean first = entry.version() == 1;
        if (first) {
            cached.execute(c, "SAVEPOINT weft_create");
            JdbcWrites.createDocument(cached.prepare(c, JdbcWrites.CREATE_DOCUMENT), documentId, now);
        }
        boolean appended = false;
        try {
            appended = insertOp(c, cached, documentId, entry, opJson, now);
            if (appended) {
                advanceVersion(c, cached, documentId, entry, now);
            }
            return appended;
        } finally {
            if (first) {
                if (!appended) {
                    cached.execute(c, "ROLLBACK TO weft_create");
                }
                cached.execute(c, "RELEASE weft_create");
            }
        }
    }

    /** Inserts the op row if the document is at the version before it; false if refused. */
    private static boolean insertOp(Connection c, CachedStatements cached, String documentId, CommittedOp entry,
                                    String opJson, long now) throws SQLException {
        PreparedStatement insert = cached.prepare(c,
                "INSERT INTO ops (doc, version, client_id, seq, op, committed_at, checksum) "
                        + "SELECT doc, ?, ?, ?, ?, ?, ? FROM documents WHERE id = ? AND version = ?");
        insert.setLong(1, entry.version());
        insert.setString(2, entry.clientId());
        insert.setLong(3, entry.seq());
        insert.setString(4, opJson);
        insert.setLong(5, now);
        insert.setLong(6, Checksums.of(opJson));
        insert.setString(7, documentId);
        insert.setLong(8, entry.version() - 1);
        try {
            return insert.executeUpdate() == 1;
        } catch (SQLiteException e) {
            if (!isConstraintViolation(e)) {
                throw e;
            }
            return false;
        }
    }

    /** Moves the document from version v - 1 to v, which the op row just inserted guarantees. */
    private static void advanceVersion(Connection c, CachedStatements cached, String documentId, CommittedOp entry,
                                       long now) throws SQLException {
        PreparedStatement update = cached.prepare(c,
                "UPDATE documents SET version = ?, length = length + ?, updated_at = ? WHERE id = ? AND version = ?");
        update.setLong(1, entry.version());
        update.setLong(2, entry.op().lengthDelta());
        update.setLong(3, now);
        update.setString(4, documentId);
        update.setLong(5, entry.version() - 1);
        if (update.executeUpdate() != 1) {
            // The op row's key makes this impossible; fail the write rather than commit half of it.
            throw new StoreException("document \"" + documentId + "\" left version " + (entry.version() - 1)
                    + " while version " + entry.version() + " was being appended");
        }
    }

    /**
     * Stores a snapshot, with its checksum, and deletes the ones no reader needs. The one writer
     * holds the document at its version, so the length needs no version condition.
     */
    static Void saveSnapshot(Connection c, String documentId, long version, String text, long now)
            throws SQLException {
        JdbcWrites.Versions versions = JdbcWrites.snapshotOf(c, documentId, version, now);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT OR REPLACE INTO snapshots (doc, version, text, created_at, checksum) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, versions.doc());
            insert.setLong(2, version);
            insert.setString(3, text);
            insert.setLong(4, now);
            insert.setLong(5, Checksums.of(text));
            insert.executeUpdate();
        }
        JdbcWrites.deleteSupersededSnapshots(c, versions);
        if (version == versions.latest()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE documents SET length = ? WHERE doc = ?")) {
                update.setLong(1, text.codePointCount(0, text.length()));
                update.setLong(2, versions.doc());
                update.executeUpdate();
            }
        }
        return null;
    }

    private static boolean isConstraintViolation(SQLiteException e) {
        SQLiteErrorCode code = e.getResultCode();
        return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || code == SQLiteErrorCode.SQLITE_CONSTRAINT;
    }
}
