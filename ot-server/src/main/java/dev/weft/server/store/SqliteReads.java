package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite reads that differ from PostgreSQL's, on a pooled read-only connection; the rest are
 * {@link JdbcReads}. They differ because SQLite keeps a checksum of every op and snapshot, and
 * checks it on every read.
 */
final class SqliteReads extends JdbcReads {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteReads.class);

    SqliteReads() {
        super("SELECT version, client_id, seq, op, checksum FROM ops ");
    }

    /**
     * The latest snapshot and the ops after it. A snapshot whose checksum fails is not used: the
     * document is loaded from the base snapshot (or the empty text at version 0) and every op after
     * it instead, which gives exactly the same text, and a warning names the damaged snapshot. If
     * no intact base is left, the load fails rather than return a wrong text.
     */
    @Override
    StoredDocument load(Connection c, String documentId, long doc, long oldest) throws SQLException {
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
        return new StoredDocument(documentId, oldest, snapshot.version(), snapshot.text(), ops);
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

    /**
     * One op row, checked: JSON that is not an operation is reported as corrupt with the parser's
     * reason; an operation whose checksum does not match its JSON (changed on disk, or written
     * without one) as damaged.
     */
    @Override
    CommittedOp committedOp(ResultSet row, String documentId) throws SQLException {
        String json = row.getString(4);
        long checksum = row.getLong(5);
        Long stored = row.wasNull() ? null : checksum; // wasNull() speaks of the last column read
        CommittedOp op = parse(row, documentId, json);
        if (!Checksums.matches(json, stored)) {
            throw new StoreException("the stored operation at version " + op.version() + " of document \""
                    + documentId + "\" is damaged: its checksum does not match its JSON");
        }
        return op;
    }
}
