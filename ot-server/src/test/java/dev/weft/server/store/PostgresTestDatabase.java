package dev.weft.server.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh PostgreSQL database for one test run, dropped on {@link #close()}. The server comes from
 * {@code WEFT_TEST_POSTGRES_URL} (default {@code postgresql://127.0.0.1:5432/postgres?user=postgres});
 * if it cannot be reached the test is skipped with a message, or fails when
 * {@code WEFT_REQUIRE_POSTGRES=1} (as in CI).
 */
public final class PostgresTestDatabase implements AutoCloseable {
    static final String DEFAULT_URL = "postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final PostgresUrl admin;
    private final String name;
    private final String address;

    private PostgresTestDatabase(PostgresUrl admin, String name, String address) {
        this.admin = admin;
        this.name = name;
        this.address = address;
    }

    /** Creates a database with a random name, or skips (fails, if required) the test without PostgreSQL. */
    public static PostgresTestDatabase create() {
        String base = System.getenv().getOrDefault("WEFT_TEST_POSTGRES_URL", DEFAULT_URL);
        PostgresUrl admin = PostgresUrl.parse(base);
        String name = "weft_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = connect(admin); Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + admin + " (" + e.getMessage() + "); set "
                    + "WEFT_TEST_POSTGRES_URL to a server where this user may create databases";
            if ("1".equals(System.getenv("WEFT_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException(message + " (WEFT_REQUIRE_POSTGRES=1)", e);
            }
            // Printed too: a class skipped in @BeforeAll does not show up in Maven's skip counts.
            System.out.println("SKIPPED: " + message + "; skipping the PostgreSQL tests");
            Assumptions.abort(message + "; skipping the PostgreSQL tests");
        }
        return new PostgresTestDatabase(admin, name, withDatabase(base, name));
    }

    /** The new database's address, in the form {@code weft serve --store} takes. */
    public String address() {
        return address;
    }

    /** Drops the database, closing any connection still open to it. */
    @Override
    public void close() {
        try (Connection c = connect(admin); Statement statement = c.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(PostgresUrl url) throws SQLException {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    private static String withDatabase(String base, String name) {
        try {
            URI uri = new URI("postgresql://" + base.substring(base.indexOf("://") + 3));
            return new URI("postgresql", uri.getRawUserInfo(), uri.getHost(), uri.getPort(), "/" + name,
                    uri.getQuery(), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad WEFT_TEST_POSTGRES_URL: " + e.getMessage(), e);
        }
    }
}
