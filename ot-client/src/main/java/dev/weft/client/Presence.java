package dev.weft.client;

import dev.weft.ot.Selection;
import java.util.Optional;

/**
 * Another participant of a document, as the server last reported it: who they are, their status
 * and their selection.
 *
 * <p>The selection is in the coordinates of this client's local text: the client moves it through
 * every local and remote edit, so a remote cursor stays on the character it was on.
 *
 * @param clientId the participant's client id
 * @param name the user name the participant gave, possibly empty
 * @param color the colour the participant gave (for example {@code "#e91e63"}), possibly empty
 * @param status online, away or offline
 * @param lastSeen when the server last heard from the participant, in epoch milliseconds
 * @param selection the participant's selection, or null if they have not shared one
 */
public record Presence(String clientId, String name, String color, PresenceStatus status, long lastSeen,
                       Selection selection) {
    /** Checks the values up front. */
    public Presence {
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("presence client id must not be empty");
        }
        if (status == null) {
            throw new IllegalArgumentException("presence status must not be null");
        }
        name = name == null ? "" : name;
        color = color == null ? "" : color;
    }

    /** The selection, if the participant shared one. */
    public Optional<Selection> optionalSelection() {
        return Optional.ofNullable(selection);
    }

    /** This presence with {@code newSelection}. */
    Presence withSelection(Selection newSelection) {
        return new Presence(clientId, name, color, status, lastSeen, newSelection);
    }
}
