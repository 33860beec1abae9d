package dev.weft.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The writes, and parts of writes, whose SQL is the same on SQLite and PostgreSQL. Each runs
 * inside a batch's transaction, so it commits with the batch, never on its own. The appends and
 * the snapshot rows themselves stay in {@link SqliteWrites} and {@link PostgresWrites}: SQLite
 * stores a checksum with each and arbitrates with savepoints on one writer, PostgreSQL with
 * {@code ON CONFLICT} between nodes, and notifies them.
 */
final class JdbcWrites {
    static final String CREATE_DOCUMENT =
            "INSERT INTO documents (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING";

    private JdbcWrites() {}

    /** A document's key and its latest and oldest kept versions, as a snapshot write reads them. */
    record Versions(long doc, long latest, long oldest) {}

    /** Creates the document at version 0 if it is new, with {@link #CREATE_DOCUMENT}. */
    static void createDocument(PreparedStatement insert, String documentId, long now) throws SQLException {
        insert.setString(1, documentId);
        insert.setLong(2, now);
        insert.setLong(3, now);
        insert.executeUpdate();
    }

    /**
     * The versions of the document a snapshot at {@code version} is for, creating the document if
     * it is new.
     *
     * @throws IllegalArgumentException if the version is ahead of the document's, or older than its oldest kept one
     */
    static Versions snapshotOf(Connection c, String documentId, long version, long now) throws SQLException {
        long doc = ensureDocument(c, documentId, now);
        try (PreparedStatement select = c.prepareStatement(
                "SELECT version, oldest_version FROM documents WHERE doc = ?")) {
            select.setLong(1, doc);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                Versions versions = new Versions(doc, rows.getLong(1), rows.getLong(2));
                if (version > versions.latest()) {
                    throw new IllegalArgumentException("snapshot version " + version
                            + " is ahead of the document's latest version " + versions.latest());
                }
                Checks.oldest(version, versions.oldest());
                return versions;
            }
        }
    }

    /**
     * Deletes the snapshots between the base snapshot (at the oldest kept version) and the
     * newest, which no reader needs: the operations in between are kept.
     */
    static void deleteSupersededSnapshots(Connection c, Versions versions) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM snapshots WHERE doc = ? AND version > ? "
                + "AND version < (SELECT max(version) FROM snapshots WHERE doc = ?)")) {
            delete.setLong(1, versions.doc());
            delete.setLong(2, versions.oldest());
            delete.setLong(3, versions.doc());
            delete.executeUpdate();
        }
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
        try (PreparedStatement insert = c.prepareStatement(CREATE_DOCUMENT)) {
            createDocument(insert, documentId, now);
        }
        try (PreparedStatement select = c.prepareStatement("SELECT doc FROM documents WHERE id = ?")) {
            select.setString(1, documentId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
