package dev.weft.client;

import java.time.Instant;

/**
 * A chat message in a document, live or from the recent history the server sends on open.
 *
 * @param clientId the author's client id, empty if the server did not say (history entries)
 * @param name the author's user name, possibly empty
 * @param text what they wrote
 * @param time when the server received it
 */
public record ChatMessage(String clientId, String name, String text, Instant time) {
    /** Checks the values up front. */
    public ChatMessage {
        if (text == null || time == null) {
            throw new IllegalArgumentException("chat text and time must not be null");
        }
        clientId = clientId == null ? "" : clientId;
        name = name == null ? "" : name;
    }
}
