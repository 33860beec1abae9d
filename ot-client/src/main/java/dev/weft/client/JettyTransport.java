package dev.weft.client;

import dev.weft.client.internal.WebSocketEndpoint;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** {@link Transport} over Jetty 12's WebSocket client. */
final class JettyTransport implements Transport {
    /** Dead connections are found by the client's heartbeat; this only reaps sockets nobody watches. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final WebSocketClient client;
    /** Whether this transport started the Jetty client, and so stops it on close. */
    private final boolean owned;

    /** Over {@code shared}, a started Jetty client that others use too: closing this transport leaves it running. */
    JettyTransport(WebSocketClient shared) {
        this.client = shared;
        this.owned = false;
    }

    JettyTransport(Duration connectTimeout, long maxMessageBytes) {
        owned = true;
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("weft-client-io");
        // Daemon threads: an application that forgets close() can still exit.
        threads.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setConnectTimeout(connectTimeout.toMillis());
        client = new WebSocketClient(http);
        client.setIdleTimeout(IDLE_TIMEOUT);
        client.setMaxTextMessageSize(maxMessageBytes);
        client.setStopAtShutdown(false);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the WebSocket client: " + e.getMessage(), e);
        }
    }

    @Override
    public void connect(URI uri, Listener listener) {
        try {
            client.connect(endpoint(listener), uri).whenComplete((session, failure) -> {
                if (failure != null) {
                    listener.onFailure(failure);
                }
            });
        } catch (Exception e) {
            listener.onFailure(e);
        }
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the WebSocket client: " + e.getMessage(), e);
        }
    }

    private static WebSocketEndpoint endpoint(Listener listener) {
        return new WebSocketEndpoint(session -> listener.onOpen(new Connection() {
            @Override
            public void send(String text) {
                session.sendText(text, Callback.NOOP);
            }

            @Override
            public void close() {
                session.close(1000, "client closed", Callback.NOOP);
            }

            @Override
            public void abort() {
                session.disconnect();
            }
        }), listener::onText, listener::onClosed, listener::onFailure);
    }
}
