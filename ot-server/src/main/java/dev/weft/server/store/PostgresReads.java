package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The PostgreSQL reads that differ from SQLite's, on a pooled connection in auto-commit; the rest
 * are {@link JdbcReads}. One document's versions commit in order (each append waits for the
 * previous one's row lock), so a read sees a prefix of the history. PostgreSQL keeps no
 * checksums, so nothing here checks one.
 */
final class PostgresReads extends JdbcReads {
    PostgresReads() {
        super("SELECT version, client_id, seq, op FROM ops ");
    }

    @Override
    StoredDocument load(Connection c, String documentId, long doc, long oldest) throws SQLException {
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
        return new StoredDocument(documentId, oldest, snapshotVersion, snapshotText, ops);
    }

    @Override
    CommittedOp committedOp(ResultSet row, String documentId) throws SQLException {
        return parse(row, documentId, row.getString(4));
    }
}
