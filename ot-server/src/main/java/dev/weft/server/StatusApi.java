package dev.weft.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /healthz} for load balancers and {@code GET /metrics} for Prometheus. */
final class StatusApi extends Handler.Abstract {
    private final ServerContext context;
    private final EventStreams streams;

    StatusApi(ServerContext context, EventStreams streams) {
        this.context = context;
        this.streams = streams;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getMethod().equals("GET")) {
            return false;
        }
        switch (Request.getPathInContext(request)) {
            case "/healthz" -> {
                ObjectNode body = Json.object();
                body.put("status", "ok");
                body.put("connections", context.metrics().connections());
                body.put("documentsOpen", context.metrics().documentsOpen());
                JsonResponses.ok(response, callback, body);
            }
            case "/metrics" -> {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
                Content.Sink.write(response, true, PrometheusText.render(context.metrics(), streams.count()), callback);
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
