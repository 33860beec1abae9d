package dev.weft.client;

/**
 * Receives what happens in an open document. Every method has an empty default, so a listener
 * overrides only what it needs.
 *
 * <p><b>Threading.</b> A client calls its listeners one event at a time, in the order the events
 * happened, on its listener executor ({@link WeftClient.Builder#listenerExecutor}; by default one
 * thread per client). The document may have moved on by the time a listener runs, which is why each
 * event carries its own state (for example {@link RemoteEdit#text()}). A listener may call the
 * client; it should return quickly, because it holds up the events after it.
 */
public interface DocumentListener {

    /** Another participant's operation (or a resynchronization) changed the local text. */
    default void onRemoteEdit(RemoteEdit edit) {}

    /**
     * A participant joined, left ({@link PresenceStatus#OFFLINE}), changed status or moved their
     * selection. {@link ClientDocument#presence()} holds everyone's latest presence.
     */
    default void onPresence(Presence presence) {}

    /**
     * Another participant sent an ephemeral signal (for example a typing indicator).
     *
     * @param clientId the sender
     * @param data the signal's JSON value as plain Java values: {@code Map}, {@code List},
     *     {@code String}, {@code Number}, {@code Boolean} or null
     */
    default void onSignal(String clientId, Object data) {}

    /** A chat message arrived (live only; the history is in {@link ClientDocument#chatHistory()}). */
    default void onChat(ChatMessage message) {}

    /**
     * The server reported an error about this document, or refused one of its edits, or refused
     * the connection (an auth code such as {@code AUTH_FAILED} or {@code TOKEN_EXPIRED}: every
     * open document hears it, and the client keeps reconnecting with back-off until the token is
     * fixed).
     *
     * @param code one of the codes in docs/protocol.md, for example {@code INVALID_OP}
     * @param message the server's explanation, for people
     */
    default void onError(String code, String message) {}
}
