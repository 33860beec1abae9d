package dev.weft.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated listening connection of one node: {@code LISTEN} on the operations channel and the
 * events channel, delivering each notification to a {@link PostgresListener}. When the connection
 * fails it is reopened after a jittered back-off (0.1 s doubling to 5 s), and the listener is told
 * so that it reads by version what it may have missed.
 */
final class PostgresNotifications implements AutoCloseable {
    static final String EVENTS_CHANNEL = "weft_events";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final int POLL_MILLIS = 500;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final PostgresUrl url;
    private final Properties properties;
    private final PostgresListener listener;
    private final Thread thread;
    private volatile boolean closing;
    private volatile Connection connection;

    PostgresNotifications(PostgresUrl url, Properties properties, PostgresListener listener) {
        this.url = url;
        this.properties = properties;
        this.listener = listener;
        thread = new Thread(this::run, "weft-postgres-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long backoff = MIN_BACKOFF_MILLIS;
        while (!closing) {
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), properties)) {
                connection = c;
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + PostgresWrites.OPS_CHANNEL);
                    listen.execute("LISTEN " + EVENTS_CHANNEL);
                }
                LOG.debug("listening to {}", url);
                backoff = MIN_BACKOFF_MILLIS;
                deliver(listener::connected);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closing) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification);
                        }
                    }
                }
            } catch (SQLException e) {
                if (closing) {
                    return;
                }
                LOG.warn("the listening connection to {} failed ({}); reconnecting", url, e.getMessage());
            } finally {
                connection = null;
            }
            sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    private void dispatch(PGNotification notification) {
        String payload = notification.getParameter();
        if (PostgresWrites.OPS_CHANNEL.equals(notification.getName())) {
            int space = payload.indexOf(' ');
            try {
                long version = Long.parseLong(payload.substring(0, space));
                String documentId = payload.substring(space + 1);
                deliver(() -> listener.committed(documentId, version));
            } catch (RuntimeException e) {
                LOG.warn("ignoring a malformed notification on {}: {}", PostgresWrites.OPS_CHANNEL, payload);
            }
        } else {
            deliver(() -> listener.message(payload));
        }
    }

    /** A failing listener must not kill the listening thread. */
    private static void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("a notification listener failed", e);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /** Breaks the listening connection, as a network failure would (for tests). */
    void dropConnection() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the listening connection failed", e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
