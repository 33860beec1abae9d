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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of every read, on a pooled read-only connection. Reads need no transaction: operations
 * are only ever appended, so a read that races with a commit sees a consistent prefix.
 */
final class SqliteReads {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteReads.class);
    private static final String OP_COLUMNS = "SELECT version, client_id, seq, op, checksum FROM ops ";

    private SqliteReads() {}

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

    /**
     * The latest snapshot and the ops after it. A snapshot whose checksum fails is not used: the
     * document is loaded from the base snapshot (or the empty text at version 0) and every op after
     * it instead, which gives exactly the same text, and a warning names the damaged snapshot. If
     * no intact base is left, the load fails rather than return a wrong text.
     */
    static Optional<StoredDocument> load(Connection c, String documentId) throws SQLException {
        Optional<long[]> row = document(c, documentId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        long doc = row.get()[0];
        long oldest = row.get()[2];
        Snapshot snapshot = snapshot(c, doc, "ORDER BY version DESC LIMIT 1").orElse(new Snapshot(oldest, "", null));
        if (!snapshot.intact()) {
            Snapshot base = snapshot(c, doc, "AND version = " + oldest)
                    .orElse(oldest == 0 ? new Snapshot(0, "", null) : null);
            if (base == null || base.version() == snapshot.version() || !base.intact()) {
                throw new StoreException("the snapshot of document \"" + documentId + "\" at version "
                        + snapshot.version() + " is damaged (its checksum does not match its text), and no intact"
                        + " older snapshot can replace it");
            }
            LOG.warn("the snapshot of document \"{}\" at version {} is damaged (its checksum does not match its text);"
                    + " loading it from version {} by replaying every op since", documentId, snapshot.version(),
                    base.version());
            snapshot = base;
        }
        List<CommittedOp> ops = ops(c, documentId, doc, snapshot.version(), Long.MAX_VALUE);
        return Optional.of(new StoredDocument(documentId, oldest, snapshot.version(), snapshot.text(), ops));
    }

    /** One snapshot row; the empty text at version 0 stands for "no snapshot" and is always intact. */
    private record Snapshot(long version, String text, Long checksum) {
        boolean intact() {
            return checksum == null && version == 0 && text.isEmpty() || Checksums.matches(text, checksum);
        }
    }

    /** The first of the document's snapshots that {@code clause} (an ordering, or a version condition) selects. */
    private static Optional<Snapshot> snapshot(Connection c, long doc, String clause) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT version, text, checksum FROM snapshots WHERE doc = ? " + clause)) {
            select.setLong(1, doc);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                long checksum = rows.getLong(3);
                Long stored = rows.wasNull() ? null : checksum; // wasNull() speaks of the last column read
                return Optional.of(new Snapshot(rows.getLong(1), rows.getString(2), stored));
            }
        }
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
                + ") ORDER BY message")) {
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

    /**
     * One op row, checked: JSON that is not an operation is reported as corrupt with the parser's
     * reason; an operation whose checksum does not match its JSON (changed on disk, or written
     * without one) as damaged.
     */
    private static CommittedOp committedOp(ResultSet row, String documentId) throws SQLException {
        long version = row.getLong(1);
        String json = row.getString(4);
        long checksum = row.getLong(5);
        Long stored = row.wasNull() ? null : checksum; // wasNull() speaks of the last column read
        CommittedOp op;
        try {
            op = new CommittedOp(version, row.getString(2), row.getLong(3), OperationJson.read(json, JacksonCodec.INSTANCE));
        } catch (IllegalArgumentException e) { // InvalidOperationException too
            throw new StoreException("the stored operation at version " + version + " of document \""
                    + documentId + "\" is corrupt: " + e.getMessage(), e);
        }
        if (!Checksums.matches(json, stored)) {
            throw new StoreException("the stored operation at version " + version + " of document \""
                    + documentId + "\" is damaged: its checksum does not match its JSON");
        }
        return op;
    }
}
