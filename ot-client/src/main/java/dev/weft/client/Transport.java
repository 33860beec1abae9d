package dev.weft.client;

import java.net.URI;

/**
 * Opens WebSocket connections: Jetty's client in production ({@link JettyTransport}), a scripted
 * fake in unit tests. A connection reports its end (or a failure to connect) through
 * {@link Listener#onClosed} or {@link Listener#onFailure}, possibly both; the client acts on the
 * first.
 */
interface Transport extends AutoCloseable {

    /** Starts connecting to {@code uri}; the outcome arrives through {@code listener}. */
    void connect(URI uri, Listener listener);

    /** Releases the transport's threads and sockets. */
    @Override
    void close();

    /** One open connection. */
    interface Connection {
        /** Queues a text frame; failures show up as {@link Listener#onFailure}. */
        void send(String text);

        /** Closes the connection normally (status 1000). */
        void close();

        /** Drops the connection at once, without a close handshake: for a connection found dead. */
        void abort();
    }

    /** What happens on one connection. Calls may come from any thread, one at a time. */
    interface Listener {
        void onOpen(Connection connection);

        void onText(String text);

        void onClosed(int statusCode, String reason);

        void onFailure(Throwable cause);
    }
}
