package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.OperationJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of every PostgreSQL read, on a pooled connection in auto-commit. Reads need no
 * transaction: operations are only ever appended, and one document's versions commit in order
 * (each append waits for the previous one's row lock), so a read sees a prefix of the history.
 */
final class PostgresReads {
    private static final String OP_COLUMNS = "SELECT version, client_id, seq, op FROM ops ";

    private PostgresReads() {}

    /** The document's key, latest version and oldest kept version; empty if it is unknown. */
    static Optional<long[]> document(Connection c, String documentId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT doc, version, oldest_version FROM documents WHERE id = ?")) {
            select.setString(1, documentId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3)})
                        : Optional.empty();
            }
        }
    }

    static Optional<StoredDocument> load(Connection c, String documentId) throws SQLException {
        Optional<long[]> row = document(c, documentId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        long doc = row.get()[0];
        long oldest = row.get()[2];
        long snapshotVersion = oldest;
        String snapshotText = "";
        try (PreparedStatement select = c.prepareStatement(
                "SELECT version, text FROM snapshots WHERE doc = ? ORDER BY version DESC LIMIT 1")) {
            select.setLong(1, doc);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    snapshotVersion = rows.getLong(1);
                    snapshotText = rows.getString(2);
                }
            }
        }
        List<CommittedOp> ops = ops(c, documentId, doc, snapshotVersion, Long.MAX_VALUE);
        return Optional.of(new StoredDocument(documentId, oldest, snapshotVersion, snapshotText, ops));
    }

    /** Versions {@code fromVersion + 1} to {@code toVersion} of the document with key {@code doc}. */
    static List<CommittedOp> ops(Connection c, String documentId, long doc, long fromVersion, long toVersion)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                OP_COLUMNS + "WHERE doc = ? AND version > ? AND version <= ? ORDER BY version")) {
            select.setLong(1, doc);
            select.setLong(2, fromVersion);
            select.setLong(3, toVersion);
            try (ResultSet rows = select.executeQuery()) {
                List<CommittedOp> ops = new ArrayList<>();
                while (rows.next()) {
                    ops.add(committedOp(rows, documentId));
                }
                return ops;
            }
        }
    }

    static Optional<CommittedOp> find(Connection c, String documentId, String clientId, long seq)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(OP_COLUMNS
                + "WHERE doc = (SELECT doc FROM documents WHERE id = ?) AND client_id = ? AND seq = ?")) {
            select.setString(1, documentId);
            select.setString(2, clientId);
            select.setLong(3, seq);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(committedOp(rows, documentId)) : Optional.empty();
            }
        }
    }

    static long lastSeq(Connection c, String documentId, String clientId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM ops "
                + "WHERE doc = (SELECT doc FROM documents WHERE id = ?) AND client_id = ?")) {
            select.setString(1, documentId);
            select.setString(2, clientId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static List<DocumentSummary> list(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, version, length, updated_at FROM documents ORDER BY id");
             ResultSet rows = select.executeQuery()) {
            List<DocumentSummary> summaries = new ArrayList<>();
            while (rows.next()) {
                summaries.add(new DocumentSummary(rows.getString(1), rows.getLong(2), rows.getLong(3),
                        Instant.ofEpochMilli(rows.getLong(4))));
            }
            return summaries;
        }
    }

    static List<ChatMessage> recentChat(Connection c, String documentId, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT author, text, sent_at FROM ("
                + "SELECT message, author, text, sent_at FROM chat "
                + "WHERE doc = (SELECT doc FROM documents WHERE id = ?) ORDER BY message DESC LIMIT ?"
                + ") AS recent ORDER BY message")) {
            select.setString(1, documentId);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<ChatMessage> messages = new ArrayList<>();
                while (rows.next()) {
                    messages.add(new ChatMessage(rows.getString(1), rows.getString(2),
                            Instant.ofEpochMilli(rows.getLong(3))));
                }
                return messages;
            }
        }
    }

    private static CommittedOp committedOp(ResultSet row, String documentId) throws SQLException {
        long version = row.getLong(1);
        try {
            return new CommittedOp(version, row.getString(2), row.getLong(3),
                    OperationJson.read(row.getString(4), JacksonCodec.INSTANCE));
        } catch (IllegalArgumentException e) { // InvalidOperationException too
            throw new StoreException("the stored operation at version " + version + " of document \""
                    + documentId + "\" is corrupt: " + e.getMessage(), e);
        }
    }
}
