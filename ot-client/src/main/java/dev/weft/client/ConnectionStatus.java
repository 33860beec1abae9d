package dev.weft.client;

/**
 * Where a {@link WeftClient}'s connection to the server stands. Edits are accepted in every state
 * but {@link #CLOSED}; they are sent while {@link #ONLINE} and kept until then.
 */
public enum ConnectionStatus {
    /** The first connection attempt is under way; nothing has been exchanged yet. */
    CONNECTING,
    /** Connected and welcomed by the server: edits, presence, signals and chat flow. */
    ONLINE,
    /**
     * Offline: the connection was lost or could not be made, and the client retries after an
     * exponential backoff ({@link ReconnectPolicy}). Local edits are kept and sent on reconnect.
     */
    RECONNECTING,
    /** {@link WeftClient#close()} was called; the client will not connect again. */
    CLOSED
}
