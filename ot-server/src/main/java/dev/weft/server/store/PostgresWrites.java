package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.OperationJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The PostgreSQL writes that differ from SQLite's (the chat, and what a snapshot shares, are
 * {@link JdbcWrites}), run by the {@link PostgresWriter} inside a batch's transaction. They keep
 * no checksums, and several nodes append at once, so {@code ON CONFLICT} arbitrates. A committed
 * append also sends {@code NOTIFY weft_ops}, in the same transaction, so the other nodes hear of
 * exactly the versions that committed, and only once they are visible.
 */
final class PostgresWrites {
    /** The channel of committed versions; the payload is {@code "<version> <document id>"}. */
    static final String OPS_CHANNEL = "weft_ops";

    private PostgresWrites() {}

    /**
     * The conditional append, in two statements. The op row goes in only while the document is at
     * version {@code v - 1}; the primary key (doc, version) lets one writer of a version win (a
     * concurrent one waits for it, then inserts nothing), and the unique (doc, client_id, seq)
     * index refuses a second entry for an author's seq, which counts as a conflict too. Then the
     * document row moves to {@code v} and the notification is sent, both in this transaction.
     */
    static boolean append(Connection c, String documentId, CommittedOp entry, long now) throws SQLException {
        String opJson = OperationJson.write(entry.op(), JacksonCodec.INSTANCE);
        Savepoint created = entry.version() == 1 ? createDocument(c, documentId, now) : null;
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ops (doc, version, client_id, seq, op, committed_at) "
                        + "SELECT doc, ?, ?, ?, ?, ? FROM documents WHERE id = ? AND version = ? ON CONFLICT DO NOTHING")) {
            insert.setLong(1, entry.version());
            insert.setString(2, entry.clientId());
            insert.setLong(3, entry.seq());
            insert.setString(4, opJson);
            insert.setLong(5, now);
            insert.setString(6, documentId);
            insert.setLong(7, entry.version() - 1);
            if (insert.executeUpdate() != 1) {
                if (created != null) {
                    c.rollback(created); // a refused append creates no document
                }
                return false;
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE documents SET version = ?, length = length + ?, "
                + "updated_at = ? WHERE id = ? AND version = ? RETURNING pg_notify(?, ?)")) {
            update.setLong(1, entry.version());
            update.setLong(2, entry.op().lengthDelta());
            update.setLong(3, now);
            update.setString(4, documentId);
            update.setLong(5, entry.version() - 1);
            update.setString(6, OPS_CHANNEL);
            update.setString(7, entry.version() + " " + documentId);
            try (ResultSet rows = update.executeQuery()) {
                if (!rows.next()) {
                    // The op row's key makes this impossible; fail the write rather than commit half of it.
                    throw new StoreException("document \"" + documentId + "\" left version " + (entry.version() - 1)
                            + " while version " + entry.version() + " was being appended");
                }
            }
        }
        return true;
    }

    /** Creates the document at version 0 if it is new, after a savepoint that undoes the creation. */
    private static Savepoint createDocument(Connection c, String documentId, long now) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try (PreparedStatement insert = c.prepareStatement(JdbcWrites.CREATE_DOCUMENT)) {
            JdbcWrites.createDocument(insert, documentId, now);
        }
        return savepoint;
    }

    /**
     * Stores a snapshot and deletes the ones no reader needs. The length is set only if the
     * document is still at the snapshot's version: another node may have appended since.
     */
    static Void saveSnapshot(Connection c, String documentId, long version, String text, long now)
            throws SQLException {
        JdbcWrites.Versions versions = JdbcWrites.snapshotOf(c, documentId, version, now);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO snapshots (doc, version, text, created_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (doc, version) DO UPDATE SET text = excluded.text, "
                + "created_at = excluded.created_at")) {
            insert.setLong(1, versions.doc());
            insert.setLong(2, version);
            insert.setString(3, text);
            insert.setLong(4, now);
            insert.executeUpdate();
        }
        JdbcWrites.deleteSupersededSnapshots(c, versions);
        if (version == versions.latest()) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE documents SET length = ? WHERE doc = ? AND version = ?")) {
                update.setLong(1, text.codePointCount(0, text.length()));
                update.setLong(2, versions.doc());
                update.setLong(3, version);
                update.executeUpdate();
            }
        }
        return null;
    }
}
