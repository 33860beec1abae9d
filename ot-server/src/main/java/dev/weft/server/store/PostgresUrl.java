package dev.weft.server.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL address as users write it, {@code postgresql://host:port/db?user=...} (also
 * {@code postgres://} and {@code jdbc:postgresql://}, and {@code user:password@} before the host),
 * turned into the driver's JDBC URL. {@link #toString()} never shows the password.
 */
final class PostgresUrl {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String display;

    private PostgresUrl(String jdbcUrl, String user, String password, String display) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.display = display;
    }

    /** True if {@code address} names a PostgreSQL database rather than a data directory. */
    static boolean isPostgres(String address) {
        return address != null && (address.startsWith("postgresql://") || address.startsWith("postgres://")
                || address.startsWith("jdbc:postgresql://"));
    }

    static PostgresUrl parse(String address) {
        if (!isPostgres(address)) {
            throw new IllegalArgumentException("a PostgreSQL address starts with postgresql://, postgres:// or "
                    + "jdbc:postgresql://, was " + scheme(address));
        }
        String rest = address.substring(address.indexOf("://") + 3);
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid PostgreSQL address: " + e.getMessage(), e);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL address names no host: " + redact(uri));
        }
        String path = uri.getRawPath();
        if (path == null || path.length() < 2) {
            throw new IllegalArgumentException("the PostgreSQL address names no database (postgresql://host:port/db): "
                    + redact(uri));
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String hostPort = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new PostgresUrl("jdbc:postgresql://" + hostPort + path + query, user, password,
                "postgresql://" + hostPort + path);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user from {@code user@host}, or null when the query or the driver's defaults name it. */
    String user() {
        return user;
    }

    String password() {
        return password;
    }

    @Override
    public String toString() {
        return display;
    }

    private static String redact(URI uri) {
        return "postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** Only the scheme: the rest of an address may hold a password. */
    private static String scheme(String address) {
        if (address == null) {
            return "null";
        }
        int end = address.indexOf("://");
        return end < 0 ? "an address without a scheme" : "\"" + address.substring(0, end + 3) + "...\"";
    }
}
