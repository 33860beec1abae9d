package dev.weft.client;

import java.net.URI;
import java.time.Duration;

/**
 * Lets the fault suite watch the frames a real {@link WeftClient} sends and receives, without
 * changing them: the client has no public hook for its acks, and the crash suite must know every
 * op the server ever acked. Lives in the client's package to reach its package-private
 * {@link Transport} seam, the one its own unit tests use.
 */
public final class WireTaps {
    private WireTaps() {}

    /** What a tap is told; called on the client's I/O threads, so it must be thread-safe and quick. */
    public interface Tap {
        /** A text frame the client sent. */
        void sent(String text);

        /** A text frame the client received, before the client handles it. */
        void received(String text);
    }

    /** Makes {@code builder}'s client use Jetty's WebSocket client, as by default, with {@code tap} on every frame. */
    public static WeftClient.Builder tapped(WeftClient.Builder builder, Tap tap) {
        builder.transport = new TappedTransport(new JettyTransport(Duration.ofSeconds(5), 256L << 20), tap);
        return builder;
    }

    private record TappedTransport(Transport inner, Tap tap) implements Transport {
        @Override
        public void connect(URI uri, Listener listener) {
            inner.connect(uri, new Listener() {
                @Override
                public void onOpen(Connection connection) {
                    listener.onOpen(new Connection() {
                        @Override
                        public void send(String text) {
                            tap.sent(text);
                            connection.send(text);
                        }

                        @Override
                        public void close() {
                            connection.close();
                        }

                        @Override
                        public void abort() {
                            connection.abort();
                        }
                    });
                }

                @Override
                public void onText(String text) {
                    tap.received(text);
                    listener.onText(text);
                }

                @Override
                public void onClosed(int statusCode, String reason) {
                    listener.onClosed(statusCode, reason);
                }

                @Override
                public void onFailure(Throwable cause) {
                    listener.onFailure(cause);
                }
            });
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
