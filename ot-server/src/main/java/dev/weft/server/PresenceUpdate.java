package dev.weft.server;

import dev.weft.ot.Selection;

/**
 * A client's {@code presence} message, checked.
 *
 * @param status the new status, or null to keep the current one
 * @param selectionGiven whether the message set the selection (possibly to null, to clear it)
 * @param selection the selection at {@code version}, or null
 * @param version the version the selection refers to; unused without a selection
 */
record PresenceUpdate(Participant.Status status, boolean selectionGiven, Selection selection, long version) {}
