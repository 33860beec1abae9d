package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;

/**
 * The HTTP API on documents (docs/protocol.md, "HTTP"): read a document or a range of its
 * operations, submit an operation as an integration, and follow a document as Server-Sent Events.
 * Every answer is JSON; an error is {@code {"code", "message"}} with the code of the WebSocket
 * protocol and a matching status.
 */
final class DocumentsApi extends Handler.Abstract {
    /** The most operations one {@code GET .../ops} returns; ask again from the last version for more. */
    static final int MAX_OPS_PER_PAGE = 10_000;
    private static final UriTemplatePathSpec DOCUMENT = new UriTemplatePathSpec("/api/docs/{id}");
    private static final UriTemplatePathSpec OPS = new UriTemplatePathSpec("/api/docs/{id}/ops");
    private static final UriTemplatePathSpec EVENTS = new UriTemplatePathSpec("/api/docs/{id}/events");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerContext context;
    private final EventStreams streams;

    DocumentsApi(ServerContext context, EventStreams streams) {
        this.context = context;
        this.streams = streams;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        boolean get = method.equals("GET");
        UriTemplatePathSpec spec = DOCUMENT.matches(path) && get ? DOCUMENT
                : OPS.matches(path) && (get || method.equals("POST")) ? OPS
                : EVENTS.matches(path) && get ? EVENTS : null;
        if (spec == null) {
            return false;
        }
        try {
            String id = documentId(spec, path);
            Grant grant = authorize(request, id, !get);
            if (spec == DOCUMENT) {
                read(id, response, callback);
            } else if (spec == OPS && get) {
                ops(id, Request.extractQueryParameters(request), response, callback);
            } else if (spec == OPS) {
                post(id, grant, request, response, callback);
            } else {
                events(id, grant, request, response, callback);
            }
        } catch (ProtocolError e) {
            JsonResponses.error(response, callback, e.code(), e.getMessage());
        }
        return true;
    }

    /**
     * The checks of docs/security.md, in order: no token in the URL, an allowed origin, the
     * address's rate, a valid token ({@code Authorization: Bearer} or the cookie), and the right
     * to read the document (to write it, for a POST).
     */
    private Grant authorize(Request request, String id, boolean write) {
        Access access = context.access();
        access.checkRequest(request);
        if (!access.addresses().tryMessage(Request.getRemoteAddr(request), System.nanoTime())) {
            throw new ProtocolError(ErrorCode.RATE_LIMITED, "more than " + access.addresses().messagesPerSecond()
                    + " requests and messages per second from this address");
        }
        Grant grant = access.verify(Access.requestToken(request));
        if (write ? !grant.canWrite(id) : !grant.canRead(id)) {
            throw new ProtocolError(ErrorCode.FORBIDDEN, "the token does not let this user "
                    + (write ? "write" : "read") + " document \"" + id + "\"");
        }
        return grant;
    }

    private void read(String id, Response response, Callback callback) {
        withDocument(id, Document::read).whenComplete((state, failure) -> {
            if (failure != null) {
                JsonResponses.failure(response, callback, failure);
                return;
            }
            ObjectNode body = Json.object();
            body.put("doc", id);
            body.put("v", state.version());
            body.put("text", state.text());
            JsonResponses.ok(response, callback, body);
        });
    }

    /** Reads the store directly: every operation there is committed, and no document needs loading. */
    private void ops(String id, Fields query, Response response, Callback callback) {
        long from = version(query, "from", 0);
        long to = version(query, "to", Long.MAX_VALUE);
        if (to < from) {
            throw ProtocolError.badMessage("to " + to + " is below from " + from);
        }
        long oldest = context.store().oldestVersion(id);
        if (from < oldest) {
            throw new ProtocolError(ErrorCode.HISTORY_UNAVAILABLE, "operations after version " + from
                    + " are no longer kept; the oldest version to read from is " + oldest);
        }
        List<CommittedOp> ops = context.store().ops(id, from, Math.min(to, from + MAX_OPS_PER_PAGE));
        ObjectNode body = Json.object();
        body.put("doc", id);
        body.put("from", from);
        body.put("to", from + ops.size());
        ArrayNode list = body.putArray("ops");
        for (CommittedOp entry : ops) {
            ObjectNode item = list.addObject();
            item.put("v", entry.version());
            item.set("op", Json.operation(entry.op()));
            item.put("clientId", entry.clientId());
            item.put("seq", entry.seq());
        }
        JsonResponses.ok(response, callback, body);
    }

    private void post(String id, Grant grant, Request request, Response response, Callback callback) {
        Promise.Completable<String> body = new Promise.Completable<>();
        Content.Source.asString(request, StandardCharsets.UTF_8, body);
        body.thenCompose(text -> withDocument(id, document -> document.submit(submission(text, grant))))
                .whenComplete((commit, failure) -> {
                    if (failure != null) {
                        JsonResponses.failure(response, callback, failure);
                        return;
                    }
                    ObjectNode answer = Json.object();
                    answer.put("doc", id);
                    answer.put("v", commit.version());
                    answer.put("clientId", commit.entry().clientId());
                    answer.put("seq", commit.entry().seq());
                    if (commit.duplicate()) {
                        answer.put("duplicate", true);
                    }
                    JsonResponses.ok(response, callback, answer);
                });
    }

    /** Reads {@code {"v", "op", "clientId"?, "seq"?}}; without a client id, the operation gets a fresh one. */
    private Submission submission(String body, Grant grant) {
        ClientMessage message = ClientMessage.parse(body);
        long version = message.integer("v", 0);
        String clientId = message.optionalString("clientId");
        long seq;
        if (clientId == null) {
            clientId = "http-" + randomHex();
            seq = 1;
        } else if (!ClientMessage.CLIENT_ID.matcher(clientId).matches()) {
            throw ProtocolError.badMessage("clientId must be 1 to 64 characters of A-Z a-z 0-9 _ -");
        } else {
            seq = message.integer("seq", 1);
            context.access().claimClientId(clientId, grant);
        }
        JsonNode opNode = message.value("op");
        if (opNode.isArray() && opNode.size() > context.config().maxOpComponents()) {
            throw new ProtocolError(ErrorCode.TOO_LARGE, "the operation has " + opNode.size()
                    + " components; the limit is " + context.config().maxOpComponents());
        }
        try {
            TextOperation op = Json.operation(opNode);
            return new Submission(clientId, seq, version, op);
        } catch (InvalidOperationException e) {
            throw new ProtocolError(ErrorCode.INVALID_OP, e.getMessage());
        }
    }

    /**
     * Streams the document's events. The stream resumes after the version in {@code Last-Event-ID}
     * (or {@code ?from=}) with the operations committed since, then live events, without a gap or
     * a repeat; without one it starts with a {@code snapshot} event.
     */
    private void events(String id, Grant grant, Request request, Response response, Callback callback) {
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        OptionalLong last = lastEventId != null ? OptionalLong.of(parseVersion("Last-Event-ID", lastEventId))
                : optionalVersion(Request.extractQueryParameters(request), "from");
        String address = Request.getRemoteAddr(request);
        AddressLimits addresses = context.access().addresses();
        if (!addresses.tryConnect(address)) {
            throw new ProtocolError(ErrorCode.TOO_MANY_CONNECTIONS, "this address holds "
                    + addresses.maxConnections() + " connections already, the most allowed");
        }
        Document document = context.documents().acquire(id);
        EventStream stream = new EventStream(response, callback, context.config().maxQueuedBytes(),
                () -> grant.expired(context.access().now()), ended -> {
            streams.remove(ended);
            document.unsubscribe(ended);
            context.documents().release(document);
            addresses.disconnected(address);
        });
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        document.subscribe(stream, last).whenComplete((ignored, failure) -> {
            if (failure != null) {
                context.documents().release(document);
                addresses.disconnected(address);
                response.getHeaders().remove(HttpHeader.CACHE_CONTROL);
                JsonResponses.failure(response, callback, failure);
                return;
            }
            streams.add(stream);
            stream.keepAlive();
            stream.start();
        });
    }

    /** Holds the document for the duration of one task. */
    private <T> CompletableFuture<T> withDocument(String id, Function<Document, CompletableFuture<T>> task) {
        Document document = context.documents().acquire(id);
        CompletableFuture<T> result;
        try {
            result = task.apply(document);
        } catch (RuntimeException e) {
            context.documents().release(document);
            return CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((value, failure) -> context.documents().release(document));
    }

    private static String randomHex() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String documentId(UriTemplatePathSpec spec, String path) {
        String id = spec.getPathParams(path).get("id");
        if (id == null || !ClientMessage.DOCUMENT_ID.matcher(id).matches()) {
            throw ProtocolError.badMessage("a document id is 1 to 128 characters of A-Z a-z 0-9 . _ ~ -");
        }
        return id;
    }

    private static long version(Fields query, String name, long fallback) {
        String value = query.getValue(name);
        return value == null ? fallback : parseVersion(name, value);
    }

    private static OptionalLong optionalVersion(Fields query, String name) {
        String value = query.getValue(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(parseVersion(name, value));
    }

    private static long parseVersion(String name, String value) {
        try {
            long version = Long.parseLong(value.trim());
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // Reported below with the same message as a negative number.
        }
        throw ProtocolError.badMessage(name + " must be a non-negative integer, was \"" + ClientMessage.abbreviate(value) + "\"");
    }
}
