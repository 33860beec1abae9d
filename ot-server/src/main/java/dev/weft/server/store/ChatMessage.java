package dev.weft.server.store;

import java.time.Instant;

/**
 * A message in a document's chat, as {@link DocumentStore#appendChat} stores it and the server
 * sends it to a client that opens the document.
 *
 * @param author who wrote it: a user name or a client id
 * @param text what they wrote
 * @param time when the server received it; stores keep it to the millisecond
 */
public record ChatMessage(String author, String text, Instant time) {
    /** Checks the values up front. */
    public ChatMessage {
        if (author == null || author.isEmpty()) {
            throw new IllegalArgumentException("chat author must not be empty");
        }
        if (text == null) {
            throw new IllegalArgumentException("chat text must not be null");
        }
        if (time == null) {
            throw new IllegalArgumentException("chat time must not be null");
        }
    }
}
