package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.SubmitException;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the HTTP API's JSON answers, and its errors as {@code {"code", "message"}} with the code's status. */
final class JsonResponses {
    private static final Logger LOG = LoggerFactory.getLogger(JsonResponses.class);

    private JsonResponses() {}

    static void ok(Response response, Callback callback, JsonNode body) {
        write(response, callback, 200, body);
    }

    static void error(Response response, Callback callback, ErrorCode code, String message) {
        ObjectNode body = Json.object();
        body.put("code", code.name());
        body.put("message", message);
        write(response, callback, code.httpStatus(), body);
    }

    /** Answers with the error a failed document task or request ended in. */
    static void failure(Response response, Callback callback, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ProtocolError e) {
            error(response, callback, e.code(), e.getMessage());
        } else if (cause instanceof SubmitException e) {
            error(response, callback, ErrorCode.of(e.reason()), e.getMessage());
        } else if (cause instanceof IllegalArgumentException e) {
            error(response, callback, ErrorCode.BAD_MESSAGE, e.getMessage());
        } else {
            LOG.error("an HTTP request failed", cause);
            error(response, callback, ErrorCode.INTERNAL, "the server failed; nothing was committed");
        }
    }

    private static void write(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        Content.Sink.write(response, true, Json.write(body), callback);
    }
}
