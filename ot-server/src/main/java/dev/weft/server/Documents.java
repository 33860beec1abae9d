package dev.weft.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The documents in use, each loaded once: every connection, event stream and HTTP request that
 * works on a document holds it from {@link #acquire} to {@link #release}. A document nobody holds
 * is dropped, and reloaded from the store the next time someone asks for it.
 *
 * <p>The drop itself runs as a task on the document's own executor, behind every task its last
 * holder submitted, so two loaded copies of one document (two sequencers over one history) never
 * run at once: until the drop, {@link #acquire} hands out the same copy again.
 */
final class Documents {
    private final Map<String, Document> loaded = new HashMap<>();
    private final Function<String, Document> factory;

    Documents(Function<String, Document> factory) {
        this.factory = factory;
    }

    /** The document with this id, loaded if needed; the caller must {@link #release} it. */
    synchronized Document acquire(String id) {
        Document document = loaded.computeIfAbsent(id, factory);
        document.holders++;
        return document;
    }

    /** Gives back a document {@link #acquire} handed out, after submitting every task for it. */
    synchronized void release(Document document) {
        if (--document.holders == 0) {
            document.executor().execute(() -> {
                document.settleAll(); // a reloaded copy must find every commit in the store
                dropIfUnused(document);
            });
        }
    }

    /** How many documents are loaded. */
    synchronized int size() {
        return loaded.size();
    }

    /** The document with this id if it is loaded; other nodes' news only matter to loaded documents. */
    synchronized Optional<Document> loaded(String id) {
        return Optional.ofNullable(loaded.get(id));
    }

    /** Every loaded document. */
    synchronized List<Document> loadedDocuments() {
        return List.copyOf(loaded.values());
    }

    private synchronized void dropIfUnused(Document document) {
        if (document.holders == 0 && loaded.get(document.id()) == document) {
            loaded.remove(document.id());
        }
    }
}
