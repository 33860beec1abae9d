package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.OperationJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The SQL of every PostgreSQL write, run by the {@link PostgresWriter} inside a batch's
 * transaction. A committed append also sends {@code NOTIFY weft_ops}, in the same transaction, so
 * the other nodes hear of exactly the versions that committed, and only once they are visible.
 */
final class PostgresWrites {
    /** The channel of committed versions; the payload is {@code "<version> <document id>"}. */
    static final String OPS_CHANNEL = "weft_ops";

    private PostgresWrites() {}

    /**
     * The conditional append. The document row moves from version {@code v - 1} to {@code v} (its
     * row lock makes a concurrent writer of the same document wait, then find the version moved
     * on), or nothing happens; the primary key (doc, version) and the unique (doc, client_id, seq)
     * index refuse a second entry for a version or an author's seq, which counts as a conflict too.
     */
    static boolean append(Connection c, String documentId, CommittedOp entry, long now) throws SQLException {
        String opJson = OperationJson.write(entry.op(), JacksonCodec.INSTANCE);
        Savepoint savepoint = c.setSavepoint();
        if (!advanceVersion(c, documentId, entry, now)) {
            c.rollback(savepoint);
            return false;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ops (doc, version, client_id, seq, op, committed_at) "
                        + "SELECT doc, ?, ?, ?, ?, ? FROM documents WHERE id = ? ON CONFLICT DO NOTHING")) {
            insert.setLong(1, entry.version());
            insert.setString(2, entry.clientId());
            insert.setLong(3, entry.seq());
            insert.setString(4, opJson);
            insert.setLong(5, now);
            insert.setString(6, documentId);
            if (insert.executeUpdate() != 1) {
                c.rollback(savepoint);
                return false;
            }
        }
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, OPS_CHANNEL);
            notify.setString(2, entry.version() + " " + documentId);
            notify.execute();
        }
        c.releaseSavepoint(savepoint);
        return true;
    }

    /** Moves the document from version v - 1 to v, creating it for v = 1; false if it is not at v - 1. */
    private static boolean advanceVersion(Connection c, String documentId, CommittedOp entry, long now)
            throws SQLException {
        int delta = entry.op().lengthDelta();
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE documents SET version = ?, length = length + ?, updated_at = ? WHERE id = ? AND version = ?")) {
            update.setLong(1, entry.version());
            update.setLong(2, delta);
            update.setLong(3, now);
            update.setString(4, documentId);
            update.setLong(5, entry.version() - 1);
            if (update.executeUpdate() == 1) {
                return true;
            }
        }
        if (entry.version() != 1) {
            return false;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO documents (id, version, length, created_at, "
                + "updated_at) VALUES (?, 1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, documentId);
            insert.setLong(2, delta);
            insert.setLong(3, now);
            insert.setLong(4, now);
            return insert.executeUpdate() == 1;
        }
    }

    /**
     * Stores a snapshot and deletes the ones between the base snapshot (at the oldest kept
     * version) and the newest, which no reader needs: the operations in between are kept.
     */
    static Void saveSnapshot(Connection c, String documentId, long version, String text, long now)
            throws SQLException {
        long doc = ensureDocument(c, documentId, now);
        long[] versions = versions(c, doc);
        if (version > versions[0]) {
            throw new IllegalArgumentException("snapshot version " + version
                    + " is ahead of the document's latest version " + versions[0]);
        }
        Checks.oldest(version, versions[1]);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO snapshots (doc, version, text, created_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (doc, version) DO UPDATE SET text = excluded.text, "
                + "created_at = excluded.created_at")) {
            insert.setLong(1, doc);
            insert.setLong(2, version);
            insert.setString(3, text);
            insert.setLong(4, now);
            insert.executeUpdate();
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM snapshots WHERE doc = ? AND version > ? "
                + "AND version < (SELECT max(version) FROM snapshots WHERE doc = ?)")) {
            delete.setLong(1, doc);
            delete.setLong(2, versions[1]);
            delete.setLong(3, doc);
            delete.executeUpdate();
        }
        if (version == versions[0]) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE documents SET length = ? WHERE doc = ? AND version = ?")) {
                update.setLong(1, text.codePointCount(0, text.length()));
                update.setLong(2, doc);
                update.setLong(3, version);
                update.executeUpdate();
            }
        }
        return null;
    }

    /** Adds a chat message and deletes the document's messages beyond the newest {@code keep}. */
    static Void appendChat(Connection c, String documentId, ChatMessage message, int keep, long now)
            throws SQLException {
        long doc = ensureDocument(c, documentId, now);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO chat (doc, author, text, sent_at) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, doc);
            insert.setString(2, message.author());
            insert.setString(3, message.text());
            insert.setLong(4, message.time().toEpochMilli());
            insert.executeUpdate();
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM chat WHERE doc = ? AND message <= "
                + "(SELECT message FROM chat WHERE doc = ? ORDER BY message DESC LIMIT 1 OFFSET ?)")) {
            delete.setLong(1, doc);
            delete.setLong(2, doc);
            delete.setInt(3, keep);
            delete.executeUpdate();
        }
        return null;
    }

    /** The document's key, creating the document at version 0 if it is new. */
    private static long ensureDocument(Connection c, String documentId, long now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO documents (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, documentId);
            insert.setLong(2, now);
            insert.setLong(3, now);
            insert.executeUpdate();
        }
        try (PreparedStatement select = c.prepareStatement("SELECT doc FROM documents WHERE id = ?")) {
            select.setString(1, documentId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The document's latest and oldest kept versions. */
    private static long[] versions(Connection c, long doc) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT version, oldest_version FROM documents WHERE doc = ?")) {
            select.setLong(1, doc);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }
}
