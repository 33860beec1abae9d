package dev.weft.server;

/** Receives a document's events in order, for a Server-Sent Events stream. Called on the document's thread; must not block. */
interface EventSink {
    /**
     * One event.
     *
     * @param type {@code op}, {@code presence}, {@code chat} or {@code snapshot}
     * @param version the version the event brings the document to, or null for events that do not
     *     change the document (presence, chat)
     * @param json the event, the same JSON object a WebSocket participant receives
     */
    void event(String type, Long version, String json);
}
