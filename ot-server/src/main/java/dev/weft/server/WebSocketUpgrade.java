package dev.weft.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * Decides whether an upgrade to {@code /ws} becomes a WebSocket: refuses a token in the URL (400),
 * a page from an origin that is not allowed (403: cross-site WebSocket hijacking) and an address
 * at its connection limit (429), each with a JSON body {@code {"code", "message"}}. The token
 * itself is checked at {@code hello}, where the client can be told what was wrong and try again;
 * a token in the {@link TokenAuth#COOKIE} cookie is kept for that.
 */
final class WebSocketUpgrade implements WebSocketCreator {
    private final ServerContext context;

    WebSocketUpgrade(ServerContext context) {
        this.context = context;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String address = Request.getRemoteAddr(request);
        try {
            context.access().checkRequest(request);
            if (context.access().addresses().atConnectionLimit(address)) {
                throw new ProtocolError(ErrorCode.TOO_MANY_CONNECTIONS, "this address holds "
                        + context.config().maxConnectionsPerAddress() + " connections already, the most allowed");
            }
        } catch (ProtocolError e) {
            JsonResponses.error(response, callback, e.code(), e.getMessage());
            return null;
        }
        return new WebSocketEndpoint(new Connection(context, address, Access.cookieToken(request)));
    }
}
