package dev.weft.client;

import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;

/**
 * A change to a document's local text that did not come from this client's own
 * {@link ClientDocument#edit edit}: another participant's operation, or a resynchronization with
 * the server.
 *
 * @param version the server version the change brought the document to
 * @param clientId the author, or null for a resynchronization (see {@link #isResync()})
 * @param op the change as applied to the local text: transformed over this client's pending
 *     edits, so an editor applies exactly this to its view
 * @param text the local text after the change (cheap: a {@link Rope} shares structure; call
 *     {@code toString()} for a {@code String})
 */
public record RemoteEdit(long version, String clientId, TextOperation op, Rope text) {
    /** Checks the values up front. */
    public RemoteEdit {
        if (op == null || text == null) {
            throw new IllegalArgumentException("remote edit operation and text must not be null");
        }
    }

    /**
     * Whether this change came from a resynchronization rather than one operation: the server
     * could no longer serve the operations this client missed, or refused one of its edits (see
     * docs/client.md), so the client moved its text onto the server's.
     */
    public boolean isResync() {
        return clientId == null;
    }
}
