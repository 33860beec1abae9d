package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.Selection;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket, as {@link WebSocketEndpoint} passes on its events: reads its messages,
 * checks them (docs/protocol.md), and hands the document-scoped ones to their {@link Document}.
 * Jetty delivers one message at a time, so the reading state needs no lock; the documents this
 * connection routes to are guarded by {@code this} because a disconnect can arrive from another
 * thread (the heartbeat's).
 */
final class Connection implements Broadcasts.Recipient {
    static final int MAX_SIGNAL_BYTES = 1024;
    static final int MAX_CHAT_LENGTH = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> TYPES = Set.of("hello", "auth", "ping", "open", "close", "submit", "presence",
            "signal", "chat");
    /** What a connection whose token expired may still do: renew it, keep alive, let go of documents. */
    private static final Set<String> ALLOWED_WHEN_EXPIRED = Set.of("auth", "ping", "close");

    private final ServerContext context;
    private final Map<String, Route> routes = new HashMap<>();
    private final RateLimiter rateLimiter;
    private final String address;
    private final ConnectionGrant grant;
    private volatile boolean admitted;
    private volatile Session session;
    private volatile Outbox outbox;
    private boolean closed;
    private volatile String clientId;
    private volatile User user;
    private volatile long lastHeard = System.currentTimeMillis();
    private volatile long lastMessage = lastHeard;
    private volatile long closeRequestedAt;
    private long refusalWindowStart;
    private int refusalsInWindow;

    /**
     * @param address the client's remote address, for the per-address limits
     * @param cookieToken the token of the upgrade request's cookie, used when hello carries none; null if none
     */
    Connection(ServerContext context, String address, String cookieToken) {
        this.context = context;
        this.address = address;
        this.grant = new ConnectionGrant(context.access(), cookieToken);
        this.rateLimiter = new RateLimiter(context.config().messagesPerSecond(), System.nanoTime());
    }

    /** The client id its hello named or was given; null before hello. */
    String clientId() {
        return clientId;
    }

    User user() {
        return user;
    }

    /** When the server last received any frame from this client, in epoch milliseconds. */
    long lastHeard() {
        return lastHeard;
    }

    void opened(Session openedSession) {
        session = openedSession;
        outbox = new Outbox(openedSession, context.config().maxQueuedBytes());
        admitted = context.access().addresses().tryConnect(address);
        if (!admitted) {
            // The upgrade checked the count already; this catches connections that raced past it.
            requestClose(StatusCode.TRY_AGAIN_LATER, "too many connections from this address", System.currentTimeMillis());
            return;
        }
        context.heartbeat().register(this);
    }

    void received(String text) {
        long receivedNanos = System.nanoTime();
        long now = System.currentTimeMillis();
        lastHeard = now;
        lastMessage = now;
        context.metrics().messagesReceived.increment();
        if (!admitted) {
            return;
        }
        if (!rateLimiter.tryAcquire(receivedNanos)) {
            refuse(now, "more than " + context.config().messagesPerSecond() + " messages per second");
            return;
        }
        if (!context.access().addresses().tryMessage(address, receivedNanos)) {
            refuse(now, "more than " + context.config().messagesPerSecondPerAddress()
                    + " messages per second from this address");
            return;
        }
        ClientMessage message = null;
        try {
            message = ClientMessage.parse(text);
            dispatch(message, receivedNanos);
        } catch (ProtocolError e) {
            sendError(e.code(), e.getMessage(), message);
        } catch (RuntimeException e) {
            LOG.error("failed to handle a message from client {}", clientId, e);
            sendError(ErrorCode.INTERNAL, "the server failed to handle the message", message);
        }
    }

    void receivedBinary() {
        lastHeard = System.currentTimeMillis();
        sendError(ErrorCode.BAD_JSON, "binary frames are not supported: send JSON in text frames", null, null, null);
    }

    void pinged(ByteBuffer payload) {
        lastHeard = System.currentTimeMillis();
        session.sendPong(payload, Callback.NOOP);
    }

    void ponged() {
        lastHeard = System.currentTimeMillis();
    }

    void failed(Throwable cause) {
        LOG.debug("WebSocket of client {} failed", clientId, cause);
        disconnected();
    }

    /** Sends one message; never blocks (see {@link Outbox}). */
    @Override
    public void send(String json) {
        if (outbox != null) {
            outbox.send(json);
        }
    }

    void sendError(ErrorCode code, String text, String ref, String doc, Long seq) {
        context.metrics().errorsSent.increment();
        send(Json.write(ServerMessages.error(code, text, ref, doc, seq)));
    }

    /**
     * Called every heartbeat interval: drops a client that has sent nothing for two intervals
     * (and so will not answer a close either), closes one that sat idle (no message, pongs aside)
     * with no document open, and pings the rest.
     */
    void heartbeat(long now) {
        long interval = context.config().heartbeatInterval().toMillis();
        if (session == null || !session.isOpen()) {
            return;
        }
        if (grant.expiredLongAgo(2 * interval)) {
            requestClose(StatusCode.POLICY_VIOLATION, "token expired", now);
        }
        if (now - lastHeard > 2 * interval || (closeRequestedAt != 0 && now - closeRequestedAt > interval)) {
            LOG.info("dropping client {}: nothing heard for {} ms", clientId, now - lastHeard);
            session.disconnect();
            disconnected();
        } else if (!hasOpenDocuments() && now - lastMessage > context.config().idleTimeout().toMillis()) {
            requestClose(StatusCode.SHUTDOWN, "idle", now);
        } else {
            session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    /**
     * Called by the document when an {@code open} task finished. If it failed, this connection is
     * not a participant, and no later open is queued, the document is forgotten, as if never
     * opened.
     */
    void openFinished(Document document, boolean participant) {
        synchronized (this) {
            Route route = routes.get(document.id());
            if (route == null || route.document != document || --route.pendingOpens > 0 || participant) {
                return;
            }
            routes.remove(document.id());
        }
        context.documents().release(document);
    }

    private void dispatch(ClientMessage message, long receivedNanos) {
        String type = message.type();
        if (type == null) {
            throw new ProtocolError(ErrorCode.UNKNOWN_TYPE, "type is missing or not a string");
        }
        if (!TYPES.contains(type)) {
            throw new ProtocolError(ErrorCode.UNKNOWN_TYPE, "unknown message type \""
                    + ClientMessage.abbreviate(type) + "\"");
        }
        message.checkRef();
        if (type.equals("hello")) {
            hello(message);
            return;
        }
        if (clientId == null) {
            throw new ProtocolError(ErrorCode.HELLO_REQUIRED, "send hello before " + type);
        }
        if (!ALLOWED_WHEN_EXPIRED.contains(type)) {
            grant.requireUnexpired();
        }
        switch (type) {
            case "auth" -> auth(message);
            case "ping" -> send(Json.write(ServerMessages.pong(message.optionalValue("t"))));
            case "open" -> open(message);
            case "close" -> close(message);
            case "submit" -> submit(message, receivedNanos);
            case "presence" -> presence(message);
            case "signal" -> signal(message);
            case "chat" -> chat(message);
            default -> throw new IllegalStateException("unrouted message type " + type);
        }
    }

    private void hello(ClientMessage message) {
        if (clientId != null) {
            throw ProtocolError.badMessage("hello was already received; this connection is client \"" + clientId + "\"");
        }
        long protocol = message.integer("protocol", Long.MIN_VALUE);
        if (protocol != ServerMessages.PROTOCOL_VERSION) {
            throw new ProtocolError(ErrorCode.UNSUPPORTED_PROTOCOL, "protocol " + protocol
                    + " is not supported; this server speaks protocol " + ServerMessages.PROTOCOL_VERSION);
        }
        String id = message.optionalString("clientId");
        if (id != null && !ClientMessage.CLIENT_ID.matcher(id).matches()) {
            throw ProtocolError.badMessage("clientId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \""
                    + ClientMessage.abbreviate(id) + "\"");
        }
        String assigned = id != null ? id : randomClientId();
        User described = message.user(assigned);
        Grant verified = grant.authenticate(message.optionalString("token"), assigned);
        // With auth the token says who the user is; only the colour is the client's to choose.
        user = verified.authenticated() ? new User(verified.userId(), verified.name(), described.color()) : described;
        clientId = assigned;
        send(Json.write(ServerMessages.welcome(assigned, verified, context.config())));
    }

    /**
     * Replaces the token, typically before it expires. The new token must be the same user's;
     * documents it no longer lets the user read are closed.
     */
    private void auth(ClientMessage message) {
        Grant renewed = grant.renew(message.string("token"));
        List<String> unreadable;
        synchronized (this) {
            unreadable = routes.keySet().stream().filter(doc -> !renewed.canRead(doc)).toList();
        }
        for (String doc : unreadable) {
            closeDocument(doc);
        }
        send(Json.write(ServerMessages.authorized(renewed, message.ref())));
    }

    private void open(ClientMessage message) {
        String doc = message.doc();
        OptionalLong version = message.optionalInteger("version", 0);
        grant.requireRead(doc);
        int maxOpen = context.config().maxOpenDocuments();
        synchronized (this) {
            if (closed) {
                return;
            }
            Route route = routes.get(doc);
            if (route == null) {
                if (routes.size() >= maxOpen) {
                    throw new ProtocolError(ErrorCode.TOO_LARGE, "a connection may open at most "
                            + maxOpen + " documents at once");
                }
                route = new Route(context.documents().acquire(doc));
                routes.put(doc, route);
            }
            route.pendingOpens++;
            // Queued under the lock, so that a concurrent disconnect's leave is queued after it.
            route.document.open(this, version, message.ref());
        }
    }

    private void close(ClientMessage message) {
        closeDocument(message.doc());
    }

    private void closeDocument(String doc) {
        Route route;
        synchronized (this) {
            route = routes.remove(doc);
            if (route == null) {
                throw new ProtocolError(ErrorCode.DOC_NOT_OPEN, "document \"" + doc + "\" is not open");
            }
            route.document.leave(this, true);
        }
        context.documents().release(route.document);
    }

    private void submit(ClientMessage message, long receivedNanos) {
        Document document = route(message.doc());
        grant.requireWrite(message.doc(), "submit to");
        long version = message.integer("v", 0);
        long seq = message.integer("seq", 1);
        JsonNode opNode = message.value("op");
        int limit = context.config().maxOpComponents();
        if (opNode.isArray() && opNode.size() > limit) {
            throw new ProtocolError(ErrorCode.TOO_LARGE, "the operation has " + opNode.size()
                    + " components; the limit is " + limit);
        }
        TextOperation op;
        try {
            op = Json.operation(opNode);
        } catch (InvalidOperationException e) {
            throw new ProtocolError(ErrorCode.INVALID_OP, e.getMessage());
        }
        document.submit(this, new Submission(clientId, seq, version, op), message.ref(), receivedNanos);
    }

    private void presence(ClientMessage message) {
        Document document = route(message.doc());
        String status = message.optionalString("status");
        Participant.Status newStatus = null;
        if (status != null) {
            if (!status.equals("online") && !status.equals("away")) {
                throw ProtocolError.badMessage("status must be \"online\" or \"away\", was \""
                        + ClientMessage.abbreviate(status) + "\"");
            }
            newStatus = Participant.Status.valueOf(status.toUpperCase());
        }
        Selection selection = message.selection();
        long version = selection == null ? 0 : message.integer("v", 0);
        boolean selectionGiven = message.has("selection");
        document.presence(this, new PresenceUpdate(newStatus, selectionGiven, selection, version), message.ref());
    }

    private void signal(ClientMessage message) {
        Document document = route(message.doc());
        JsonNode data = message.value("data");
        int size = Json.write(data).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_SIGNAL_BYTES) {
            throw new ProtocolError(ErrorCode.TOO_LARGE, "signal data is " + size + " bytes; the limit is "
                    + MAX_SIGNAL_BYTES);
        }
        document.signal(this, data, message.ref());
    }

    private void chat(ClientMessage message) {
        Document document = route(message.doc());
        grant.requireWrite(message.doc(), "chat in");
        String text = message.string("text");
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > MAX_CHAT_LENGTH) {
            throw ProtocolError.badMessage("text must be 1 to " + MAX_CHAT_LENGTH + " characters, was " + length);
        }
        document.chat(this, text, message.ref());
    }

    private Document route(String doc) {
        synchronized (this) {
            Route route = routes.get(doc);
            if (route == null) {
                throw new ProtocolError(ErrorCode.DOC_NOT_OPEN, "document \"" + doc + "\" is not open");
            }
            return route.document;
        }
    }

    private synchronized boolean hasOpenDocuments() {
        return !routes.isEmpty();
    }

    /** Leaves every document, once, however the connection ended. */
    void disconnected() {
        List<Document> left = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            routes.values().forEach(route -> left.add(route.document));
            routes.clear();
            left.forEach(document -> document.leave(this, false));
        }
        left.forEach(context.documents()::release);
        context.heartbeat().unregister(this);
        if (admitted) {
            context.access().addresses().disconnected(address);
        }
    }

    /** Drops a message over the rate; a client that keeps flooding for a whole second is closed. */
    private void refuse(long now, String why) {
        if (now - refusalWindowStart > 1000) {
            refusalWindowStart = now;
            refusalsInWindow = 0;
        }
        if (++refusalsInWindow > context.config().messagesPerSecond()) {
            requestClose(StatusCode.POLICY_VIOLATION, "message flood", now);
            return;
        }
        sendError(ErrorCode.RATE_LIMITED, why + "; the message was dropped", null, null, null);
    }

    private void requestClose(int status, String reason, long now) {
        if (closeRequestedAt == 0) {
            closeRequestedAt = now;
            session.close(status, reason, Callback.NOOP);
        }
    }

    private void sendError(ErrorCode code, String text, ClientMessage cause) {
        if (cause == null) {
            sendError(code, text, null, null, null);
        } else {
            sendError(code, text, cause.ref(), cause.rawDoc(), cause.rawSeq());
        }
    }

    private static String randomClientId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A document this connection has opened or is opening, and how many of its opens are still queued. */
    private static final class Route {
        final Document document;
        int pendingOpens;

        Route(Document document) {
            this.document = document;
        }
    }
}
