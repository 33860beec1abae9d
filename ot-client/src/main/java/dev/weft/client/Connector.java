package dev.weft.client;

import java.net.URI;
import java.util.List;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one client connected: connects, says hello, waits for the welcome, sends heartbeat pings,
 * and after a loss (a close, an error, no welcome or no pong in time, or a message it cannot read)
 * reconnects after the {@link ReconnectPolicy}'s delay, until {@link #close()}.
 *
 * <p>Every method runs holding the client's lock; transport callbacks take it themselves. Each
 * connection attempt has a generation number, and events of an attempt that is no longer the
 * current one are ignored, so a late callback of a dropped connection cannot disturb the next.
 */
final class Connector {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    /** What the client learns from the connection; called holding the lock. */
    interface Events {
        /** Welcomed by the server: documents can be opened; {@code connection} numbers it for {@link #send}. */
        void onOnline(int connection);

        /** The welcomed connection is gone; messages sent from now on are not delivered. */
        void onOffline();

        /** A message for the client: anything but {@code welcome} and {@code pong}; in the order received. */
        void onMessage(ServerMessage message);

        void onStatus(ConnectionStatus status);
    }

    /** The connection's timing: heartbeat interval (zero for none), pong timeout, welcome timeout. */
    record Timing(Duration heartbeatInterval, Duration heartbeatTimeout, Duration connectTimeout) {}

    private final Object lock;
    /** The server and its failover alternatives; a lost connection or failed attempt moves to the next. */
    private final List<URI> uris;
    private URI uri;
    private int uriIndex;
    private final Transport transport;
    private final Scheduler scheduler;
    private final ReconnectPolicy policy;
    private final RandomGenerator random;
    private final Timing timing;
    private final Supplier<String> hello;
    private final Events events;

    private ConnectionStatus status = ConnectionStatus.CONNECTING;
    private int generation;
    private Transport.Connection connection;
    private boolean welcomed;
    /** Counts welcomed connections; the current one's number, while welcomed. */
    private int connections;
    private long maxMessageBytes = Long.MAX_VALUE;
    private int failedAttempts;
    private long lastPing;
    private long awaitedPong;
    private Scheduler.Cancellable retryTimer;
    private Scheduler.Cancellable welcomeDeadline;
    private Scheduler.Cancellable heartbeatTimer;
    private Scheduler.Cancellable pongDeadline;

    Connector(Object lock, List<URI> uris, Transport transport, Scheduler scheduler, ReconnectPolicy policy,
              RandomGenerator random, Timing timing, Supplier<String> hello, Events events) {
        this.lock = lock;
        this.uris = List.copyOf(uris);
        this.uri = this.uris.get(0);
        this.transport = transport;
        this.scheduler = scheduler;
        this.policy = policy;
        this.random = random;
        this.timing = timing;
        this.hello = hello;
        this.events = events;
    }

    ConnectionStatus status() {
        return status;
    }

    /** Makes the first connection attempt. */
    void start() {
        events.onStatus(status);
        connect();
    }

    /**
     * Sends {@code frame} if {@code connection} is the welcomed connection now; otherwise drops it
     * and returns false, so nothing meant for a lost connection goes out on the next one before
     * the documents have reopened.
     */
    boolean send(int connectionNumber, String frame) {
        if (!welcomed || connectionNumber != connections) {
            return false;
        }
        connection.send(frame);
        return true;
    }

    /** The largest message the server takes, in UTF-8 bytes, as its last welcome said. */
    long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Closes the connection for good. */
    void close() {
        if (status == ConnectionStatus.CLOSED) {
            return;
        }
        boolean wasOnline = welcomed;
        endAttempt();
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (retryTimer != null) {
            retryTimer.cancel();
        }
        if (wasOnline) {
            events.onOffline();
        }
        setStatus(ConnectionStatus.CLOSED);
    }

    /** Drops the current connection as dead and reconnects (also for tests of reconnection). */
    void dropConnection(String why) {
        lost(why);
    }

    private void connect() {
        int attempt = ++generation;
        welcomeDeadline = scheduler.schedule(timing.connectTimeout(), () -> {
            if (attempt == generation && !welcomed) {
                lost("no welcome within " + timing.connectTimeout().toMillis() + " ms");
            }
        });
        transport.connect(uri, new AttemptListener(attempt));
    }

    private void opened(Transport.Connection opened) {
        connection = opened;
        connection.send(hello.get());
    }

    private void received(String frame) {
        ServerMessage message;
        try {
            message = ServerMessageReader.read(frame);
        } catch (ProtocolException e) {
            lost(e.getMessage());
            return;
        }
        if (message instanceof ServerMessage.Welcome welcome) {
            maxMessageBytes = welcome.maxMessageBytes();
            welcomed();
        } else if (message instanceof ServerMessage.Pong pong) {
            if (pong.t() == awaitedPong) {
                awaitedPong = 0;
            }
        } else {
            events.onMessage(message);
        }
    }

    private void welcomed() {
        welcomed = true;
        failedAttempts = 0;
        welcomeDeadline.cancel();
        setStatus(ConnectionStatus.ONLINE);
        scheduleHeartbeat(generation);
        events.onOnline(++connections);
    }

    private void scheduleHeartbeat(int attempt) {
        if (timing.heartbeatInterval().isZero()) {
            return;
        }
        heartbeatTimer = scheduler.schedule(timing.heartbeatInterval(), () -> beat(attempt));
    }

    /** One heartbeat: a ping, unless one is still unanswered; its pong must come within the timeout. */
    private void beat(int attempt) {
        if (attempt != generation) {
            return;
        }
        if (awaitedPong == 0) {
            long ping = ++lastPing;
            awaitedPong = ping;
            connection.send(ClientMessages.ping(ping));
            pongDeadline = scheduler.schedule(timing.heartbeatTimeout(), () -> {
                if (attempt == generation && awaitedPong == ping) {
                    lost("no pong within " + timing.heartbeatTimeout().toMillis() + " ms");
                }
            });
        }
        scheduleHeartbeat(attempt);
    }

    private void lost(String why) {
        if (status == ConnectionStatus.CLOSED) {
            return;
        }
        boolean wasOnline = welcomed;
        endAttempt();
        if (connection != null) {
            connection.abort();
            connection = null;
        }
        if (wasOnline) {
            LOG.info("connection to {} lost: {}", uri, why);
            events.onOffline();
        } else {
            LOG.debug("connection attempt to {} failed: {}", uri, why);
        }
        setStatus(ConnectionStatus.RECONNECTING);
        uriIndex = (uriIndex + 1) % uris.size();
        uri = uris.get(uriIndex);
        Duration delay = policy.delay(failedAttempts++, random);
        retryTimer = scheduler.schedule(delay, () -> {
            if (status == ConnectionStatus.RECONNECTING) {
                connect();
            }
        });
    }

    /** Invalidates the current attempt's callbacks and timers. */
    private void endAttempt() {
        generation++;
        welcomed = false;
        awaitedPong = 0;
        for (Scheduler.Cancellable timer : new Scheduler.Cancellable[] {welcomeDeadline, heartbeatTimer, pongDeadline}) {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    private void setStatus(ConnectionStatus next) {
        if (next != status) {
            status = next;
            events.onStatus(next);
        }
    }

    /** One attempt's transport events, applied only while the attempt is current. */
    private final class AttemptListener implements Transport.Listener {
        private final int attempt;

        AttemptListener(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen(Transport.Connection opened) {
            synchronized (lock) {
                if (attempt != generation) {
                    opened.close();
                    return;
                }
                opened(opened);
            }
        }

        @Override
        public void onText(String text) {
            synchronized (lock) {
                if (attempt == generation) {
                    received(text);
                }
            }
        }

        @Override
        public void onClosed(int statusCode, String reason) {
            synchronized (lock) {
                if (attempt == generation) {
                    lost("closed by the server (" + statusCode + " " + reason + ")");
                }
            }
        }

        @Override
        public void onFailure(Throwable cause) {
            synchronized (lock) {
                if (attempt == generation) {
                    lost(String.valueOf(cause));
                }
            }
        }
    }
}
