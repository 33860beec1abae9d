package dev.weft.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's open documents: creates and forgets them, routes the server's messages to them, and
 * writes their pending edits to the offline-queue file. Runs holding the client's lock.
 */
final class DocumentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentRegistry.class);

    /** Everything a document needs from the client but its own registry entry. */
    record Shared(String clientId, SessionContext.Outbox outbox, LongSupplier maxMessageBytes, SeqAllocator seqs,
                  Scheduler scheduler, Executor events, Duration presenceInterval, Duration retryDelay) {}

    private final Object lock;
    private final OfflineFile offlineFile;
    private final SessionContext context;
    private final Map<String, DocumentSession> sessions = new LinkedHashMap<>();
    private final Map<String, ClientDocument> handles = new HashMap<>();

    /** @param offlineFile the offline-queue file, or null */
    DocumentRegistry(Object lock, Shared shared, OfflineFile offlineFile) {
        this.lock = lock;
        this.offlineFile = offlineFile;
        this.context = new SessionContext(shared.clientId(), shared.outbox(), shared.maxMessageBytes(),
                shared.seqs(), shared.scheduler(),
                shared.events(), shared.presenceInterval(), shared.retryDelay(), this::persist, this::forget);
    }

    /** Opens every document with pending edits in the offline-queue file, and writes the file. */
    void restore() {
        if (offlineFile != null) {
            offlineFile.documents().forEach((doc, saved) -> create(doc).restore(saved));
            persist();
        }
    }

    /** The document {@code doc}, opened if it is not open yet; {@code listener} may be null. */
    CompletableFuture<ClientDocument> open(String doc, DocumentListener listener, boolean online) {
        DocumentSession session = sessions.get(doc);
        if (session == null) {
            session = create(doc);
            if (online) {
                session.onOnline();
            }
        } else {
            session.cancelClose();
        }
        if (listener != null) {
            session.addListener(listener);
        }
        ClientDocument handle = handles.get(doc);
        return session.loaded().thenApply(loaded -> handle);
    }

    void onOnline() {
        new ArrayList<>(sessions.values()).forEach(DocumentSession::onOnline);
    }

    void onOffline() {
        sessions.values().forEach(DocumentSession::onOffline);
    }

    /** Errors without a document that refuse the connection rather than one request. */
    private static final Set<String> REFUSALS = Set.of("AUTH_REQUIRED", "AUTH_FAILED", "TOKEN_EXPIRED", "FORBIDDEN");

    void route(ServerMessage message) {
        if (message instanceof ServerMessage.ForDocument forDocument) {
            DocumentSession session = sessions.get(forDocument.doc());
            if (session != null) {
                session.handle(forDocument);
            }
        } else if (message instanceof ServerMessage.Error error && error.doc() != null
                && sessions.containsKey(error.doc())) {
            sessions.get(error.doc()).handleError(error);
        } else if (message instanceof ServerMessage.Error error && error.code().equals("RATE_LIMITED")) {
            // The server drops a rate-limited message unread, so the error names no document and
            // no seq: any in-flight edit may be the one dropped. Each is sent again after the
            // retry delay; one that did arrive is acked again as a duplicate, never applied twice.
            LOG.warn("server error {}: {}", error.code(), error.message());
            new ArrayList<>(sessions.values()).forEach(DocumentSession::messageDropped);
        } else if (message instanceof ServerMessage.Error error && REFUSALS.contains(error.code())) {
            // The connection itself was refused (no token, a bad or expired one, a client id of
            // another user): every document hears it, since none can open until it is fixed.
            LOG.warn("server refused the connection: {}: {}", error.code(), error.message());
            new ArrayList<>(sessions.values()).forEach(session -> session.refused(error));
        } else if (message instanceof ServerMessage.Error error) {
            LOG.warn("server error {}: {}", error.code(), error.message());
        } else {
            LOG.debug("ignoring {}", message);
        }
    }

    /** The client is closing: writes the file a last time and stops every document. */
    void shutDown() {
        persist();
        new ArrayList<>(sessions.values()).forEach(DocumentSession::shutDown);
    }

    /** Writes the offline-queue file: every document with pending edits. */
    void persist() {
        if (offlineFile == null) {
            return;
        }
        Map<String, OfflineFile.SavedDocument> pending = new LinkedHashMap<>();
        sessions.forEach((doc, session) -> {
            OfflineFile.SavedDocument saved = session.saved();
            if (saved != null) {
                pending.put(doc, saved);
            }
        });
        try {
            offlineFile.write(context.clientId(), context.seqs().last(), pending);
        } catch (IOException e) {
            // The edits stay in memory and are still sent; only a restart could lose them now.
            LOG.error("could not write the offline-queue file; pending edits would not survive a restart", e);
        }
    }

    private DocumentSession create(String doc) {
        DocumentSession session = new DocumentSession(doc, context);
        sessions.put(doc, session);
        handles.put(doc, new ClientDocument(lock, doc, session));
        return session;
    }

    private void forget(String doc) {
        sessions.remove(doc);
        handles.remove(doc);
    }
}
