package dev.weft.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The server's end of one client WebSocket, as Jetty sees it; not for applications. It is public
 * only because Jetty invokes a listener's methods through public method handles, and it only
 * passes each event on to the package-private connection that implements the protocol.
 */
public final class WebSocketEndpoint implements Session.Listener.AutoDemanding {
    private final Connection connection;

    WebSocketEndpoint(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        connection.opened(session);
    }

    @Override
    public void onWebSocketText(String message) {
        connection.received(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        connection.receivedBinary();
    }

    /** Answers the client's ping: Jetty leaves that to a listener that receives pings. */
    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        connection.pinged(payload);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        connection.ponged();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        connection.disconnected();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        connection.failed(cause);
    }
}
