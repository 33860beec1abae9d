package dev.weft.client.internal;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Not API. Jetty's WebSocket client calls an endpoint's methods through a public lookup, so the
 * endpoint must be a public class; this one only forwards Jetty's events to the client's
 * package-private transport.
 */
public final class WebSocketEndpoint implements Session.Listener.AutoDemanding {
    private final Consumer<Session> onOpen;
    private final Consumer<String> onText;
    private final BiConsumer<Integer, String> onClose;
    private final Consumer<Throwable> onError;

    /** Forwards each event to the matching callback. */
    public WebSocketEndpoint(Consumer<Session> onOpen, Consumer<String> onText, BiConsumer<Integer, String> onClose,
                             Consumer<Throwable> onError) {
        this.onOpen = onOpen;
        this.onText = onText;
        this.onClose = onClose;
        this.onError = onError;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        onOpen.accept(session);
    }

    @Override
    public void onWebSocketText(String text) {
        onText.accept(text);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        onClose.accept(statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        onError.accept(cause);
    }
}
