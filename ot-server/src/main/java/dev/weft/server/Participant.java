package dev.weft.server;

import dev.weft.ot.CursorBias;
import dev.weft.ot.Selection;
import dev.weft.ot.TextOperation;

/**
 * One client in one document, as presence reports it. A new value replaces the old one on every
 * change, on the document's thread.
 *
 * @param clientId the client
 * @param user its name and colour
 * @param status {@code online}, {@code away} or {@code offline}
 * @param lastSeen when the server last heard from it, in epoch milliseconds
 * @param selection its selection at the document's latest version, or null
 * @param connection the connection it is present through
 */
record Participant(String clientId, User user, Status status, long lastSeen, Selection selection,
                   Connection connection) {

    /** A presence status; the wire form is the lower-case name. */
    enum Status {
        ONLINE, AWAY, OFFLINE;

        String wire() {
            return name().toLowerCase();
        }
    }

    Participant withStatus(Status newStatus, long seen) {
        return new Participant(clientId, user, newStatus, seen, selection, connection);
    }

    Participant withSelection(Selection newSelection, long seen) {
        return new Participant(clientId, user, status, seen, newSelection, connection);
    }

    /**
     * Moves the selection through an operation committed after it, so that it stays on the same
     * characters. The author's own insert at its caret pushes the caret forward, as the author's
     * editor does; anyone else's insert there leaves it before the new text.
     */
    Participant transformedBy(TextOperation op, String authorClientId) {
        if (selection == null) {
            return this;
        }
        CursorBias bias = clientId.equals(authorClientId) ? CursorBias.AFTER_INSERT : CursorBias.BEFORE_INSERT;
        return new Participant(clientId, user, status, lastSeen, op.transformSelection(selection, bias), connection);
    }
}
