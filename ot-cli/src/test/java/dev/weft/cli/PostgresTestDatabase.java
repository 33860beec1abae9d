package dev.weft.cli;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh PostgreSQL database for one test class, dropped on {@link #close()}: the server comes
 * from {@code WEFT_TEST_POSTGRES_URL} (default {@code postgresql://127.0.0.1:5432/postgres?user=postgres});
 * if it cannot be reached the test is skipped with a message, or fails when
 * {@code WEFT_REQUIRE_POSTGRES=1}, as in CI.
 */
final class PostgresTestDatabase implements AutoCloseable {
    private final URI admin;
    private final String name;

    private PostgresTestDatabase(URI admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    static PostgresTestDatabase create() {
        String base = System.getenv().getOrDefault("WEFT_TEST_POSTGRES_URL",
                "postgresql://127.0.0.1:5432/postgres?user=postgres");
        URI admin = URI.create("postgresql://" + base.substring(base.indexOf("://") + 3));
        String name = "weft_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = connect(admin); Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + admin.getHost() + ":" + admin.getPort() + " ("
                    + e.getMessage() + "); set WEFT_TEST_POSTGRES_URL to a server where this user may create databases";
            if ("1".equals(System.getenv("WEFT_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException(message + " (WEFT_REQUIRE_POSTGRES=1)", e);
            }
            // Printed too: a class skipped in @BeforeAll does not show up in Maven's skip counts.
            System.out.println("SKIPPED: " + message + "; skipping the PostgreSQL tests");
            Assumptions.abort(message + "; skipping the PostgreSQL tests");
        }
        return new PostgresTestDatabase(admin, name);
    }

    /** The database's address, as {@code weft serve --store} takes it. */
    String address() {
        return "postgresql://" + admin.getRawAuthority() + "/" + name
                + (admin.getRawQuery() == null ? "" : "?" + admin.getRawQuery());
    }

    @Override
    public void close() {
        try (Connection c = connect(admin); Statement statement = c.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(URI admin) throws SQLException {
        String query = admin.getRawQuery() == null ? "connectTimeout=3" : admin.getRawQuery() + "&connectTimeout=3";
        return DriverManager.getConnection("jdbc:postgresql://" + admin.getRawAuthority() + admin.getRawPath() + "?" + query);
    }
}
