package dev.weft.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statements of the writer's hot path (the append, the savepoints around each write), prepared
 * once on the writer's connection and reused. Preparing is most of what an append cost: SQLite
 * parses the SQL again each time, and sqlite-jdbc formats a fresh name for every JDBC savepoint.
 * Used on the writer thread only; the statements belong to that connection.
 */
final class CachedStatements implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CachedStatements.class);

    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private Connection owner;

    /**
     * The statement for {@code sql} on {@code connection}, prepared on first use. The caller binds
     * its parameters and executes it, and must not close it.
     */
    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        if (connection != owner) {
            close();
            owner = connection;
        }
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    /** Runs a statement without parameters or results, such as {@code SAVEPOINT name}. */
    void execute(Connection connection, String sql) throws SQLException {
        prepare(connection, sql).execute();
    }

    @Override
    public void close() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("could not close a cached statement", e);
            }
        }
        prepared.clear();
        owner = null;
    }
}
