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
 * The reads whose SQL is the same on SQLite and PostgreSQL (the schemas match; docs/storage.md).
 * Reads need no transaction: operations are only ever appended, so a read that races with a
 * commit sees a consistent prefix. What differs stays in the subclasses: how a document is loaded
 * and how an op row is read, because SQLite keeps checksums and checks them, and PostgreSQL does
 * not keep any.
 */
abstract class JdbcReads {
    private final String opColumns;

    /** {@code opColumns} selects version, client id, seq and op JSON first, in that order. */
    JdbcReads(String opColumns) {
        this.opColumns = opColumns;
    }

    /** The latest snapshot and the operations after it; empty if the document is unknown. */
    final Optional<StoredDocument> load(Connection c, String documentId) throws SQLException {
        Optional<long[]> row = document(c, documentId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(load(c, documentId, row.get()[0], row.get()[2]));
    }

    /** The document with key {@code doc}, whose oldest kept version is {@code oldest}. */
    abstract StoredDocument load(Connection c, String documentId, long doc, long oldest) throws SQLException;

    /** One row of {@code opColumns}, checked as far as the store can check it. */
    abstract CommittedOp committedOp(ResultSet row, String documentId) throws SQLException;

    /** The document's key, latest version and oldest kept version; empty if it is unknown. */
    final Optional<long[]> document(Connection c, String documentId) throws SQLException {
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

    /** Versions {@code fromVersion + 1} to {@code toVersion} of the document with key {@code doc}. */
    final List<CommittedOp> ops(Connection c, String documentId, long doc, long fromVersion, long toVersion)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                opColumns + "WHERE doc = ? AND version > ? AND version <= ? ORDER BY version")) {
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

    final Optional<CommittedOp> find(Connection c, String documentId, String clientId, long seq)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(opColumns
                + "WHERE doc = (SELECT doc FROM documents WHERE id = ?) AND client_id = ? AND seq = ?")) {
            select.setString(1, documentId);
            select.setString(2, clientId);
            select.setLong(3, seq);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(committedOp(rows, documentId)) : Optional.empty();
            }
        }
    }

    final long lastSeq(Connection c, String documentId, String clientId) throws SQLException {
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

    final List<DocumentSummary> list(Connection c) throws SQLException {
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

    /** PostgreSQL requires the alias on the inner query; SQLite accepts it. */
    final List<ChatMessage> recentChat(Connection c, String documentId, int limit) throws SQLException {
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

    /** The op of a row whose JSON is {@code json}; JSON that is not an operation is reported as corrupt. */
    static CommittedOp parse(ResultSet row, String documentId, String json) throws SQLException {
        long version = row.getLong(1);
        try {
            return new CommittedOp(version, row.getString(2), row.getLong(3),
                    OperationJson.read(json, JacksonCodec.INSTANCE));
        } catch (IllegalArgumentException e) { // InvalidOperationException too
            throw new StoreException("the stored operation at version " + version + " of document \""
                    + documentId + "\" is corrupt: " + e.getMessage(), e);
        }
    }
}
