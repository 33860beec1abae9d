package dev.weft.client;

import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.Rope;
import dev.weft.ot.Selection;
import dev.weft.ot.TextOperation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An open document of a {@link WeftClient}: its local text, which takes edits at once, online or
 * offline, and reaches the server as soon as it can; the other participants' presence; signals
 * and chat. Obtained from {@link WeftClient#open}.
 *
 * <p><b>Threading.</b> Thread-safe: every method may be called from any thread, including a
 * listener. The client applies the server's messages on its listener executor, and calls the
 * listeners of each before it applies the next; so an editor whose view is driven by the listeners
 * and which edits from that executor always edits the text its view shows. Other threads that
 * read the text to compute an edit use {@link #edit(Function)}.
 */
public final class ClientDocument {
    private final Object lock;
    private final String id;
    private final DocumentSession session;

    ClientDocument(Object lock, String id, DocumentSession session) {
        this.lock = lock;
        this.id = id;
        this.session = session;
    }

    /** The document id. */
    public String id() {
        return id;
    }

    /**
     * Applies a local edit to {@link #text()} at once, and sends it to the server (now, or when
     * the edit before it is acked, or after a reconnect). Positions are code points.
     *
     * @throws InvalidOperationException if {@code op} does not fit the local text; nothing changed
     * @throws IllegalStateException if the document or its client is closed
     */
    public void edit(TextOperation op) {
        synchronized (lock) {
            session.edit(op);
        }
    }

    /**
     * Computes an edit from the current local text and applies it, atomically: for code that
     * reads the text and edits it from a thread other than the listener executor, where a remote
     * operation could otherwise come in between. {@code change} runs holding the client's lock and
     * must be quick; it may return a no-op.
     *
     * <pre>{@code doc.edit(text -> TextOperation.insert(text.length(), "!"));}</pre>
     *
     * @throws InvalidOperationException if the edit does not fit the local text; nothing changed
     * @throws IllegalStateException if the document or its client is closed
     */
    public void edit(Function<Rope, TextOperation> change) {
        synchronized (lock) {
            session.edit(change.apply(session.sync().text()));
        }
    }

    /**
     * Sets this user's selection (a caret is a collapsed selection) and shares it with the other
     * participants: at most one update per the client's presence interval, the latest winning.
     * Local and remote edits move it on by themselves.
     *
     * @throws IllegalArgumentException if it lies past the end of the local text
     */
    public void select(Selection selection) {
        synchronized (lock) {
            session.select(selection);
        }
    }

    /**
     * Sets this user's status, shown to the others: {@link PresenceStatus#ONLINE} or
     * {@link PresenceStatus#AWAY}.
     */
    public void setStatus(PresenceStatus status) {
        synchronized (lock) {
            session.setStatus(status);
        }
    }

    /**
     * Sends an ephemeral signal to the other participants (for example {@code Map.of("typing", true)}).
     * Signals are not stored or queued: one sent while offline is dropped.
     *
     * @param data any value Jackson writes as JSON, at most 1 KiB of it: a {@code Map}, a
     *     {@code List}, a {@code String}, a {@code Number}, a {@code Boolean}
     * @return whether it was handed to the connection
     */
    public boolean signal(Object data) {
        synchronized (lock) {
            return session.signal(data);
        }
    }

    /**
     * Sends a chat message to the document's participants; the server stores the recent ones.
     * Not queued: a message sent while offline is dropped.
     *
     * @param text 1 to 2000 characters
     * @return whether it was handed to the connection
     */
    public boolean chat(String text) {
        synchronized (lock) {
            return session.chat(text);
        }
    }

    /** The local text: the server's, plus this client's edits not yet acked. */
    public Rope text() {
        synchronized (lock) {
            return session.sync().text();
        }
    }

    /** The latest server version this client has received. */
    public long version() {
        synchronized (lock) {
            return session.sync().version();
        }
    }

    /** This user's selection, in the local text. */
    public Selection selection() {
        synchronized (lock) {
            return session.sync().selection();
        }
    }

    /** Whether some local edits are not acked by the server yet. */
    public boolean hasPendingEdits() {
        synchronized (lock) {
            return session.sync().hasPendingEdits();
        }
    }

    /**
     * A future that completes, with the version reached, once no edit is pending (at once if none
     * is). While the user keeps editing it may wait for the later edits too.
     */
    public CompletableFuture<Long> flush() {
        synchronized (lock) {
            return session.flush();
        }
    }

    /** The other participants, by client id, with selections in the local text's coordinates. */
    public Map<String, Presence> presence() {
        synchronized (lock) {
            return session.presence();
        }
    }

    /** The recent chat: the history sent on open, then the live messages; at most the last 50. */
    public List<ChatMessage> chatHistory() {
        synchronized (lock) {
            return session.chatHistory();
        }
    }

    /** Adds a listener for this document's events. */
    public void addListener(DocumentListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        session.addListener(listener);
    }

    /** Removes a listener; events already queued for it may still arrive. */
    public void removeListener(DocumentListener listener) {
        session.removeListener(listener);
    }

    /**
     * Closes the document: its listeners get no new events; the server closes it once the pending
     * edits are acked, so they are not lost (if the client closes first, they stay in its offline-queue
     * file, when it has one). Opening the document again before that reuses this state.
     */
    public void close() {
        synchronized (lock) {
            session.close();
        }
    }

    @Override
    public String toString() {
        return "ClientDocument[" + id + "]";
    }
}
