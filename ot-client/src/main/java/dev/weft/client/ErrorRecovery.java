package dev.weft.client;

/**
 * What a document does when the server answers its in-flight edit with an error: the decision
 * tables of docs/client.md ("When the server cannot catch the client up").
 */
enum ErrorRecovery {
    /** Nothing was decided: send the same submission again after a delay. */
    RETRY,
    /** The server cannot take it at this base version, or the document is not open: reopen from the known version. */
    REOPEN,
    /** The edit is in the server's text, or refused for good: the server's text is the truth for it. */
    RESYNC_LANDED,
    /** The edit was never committed: move it onto the server's text and send it again. */
    RESYNC_NOT_LANDED;

    /** The recovery from an error answering the in-flight edit while the document is live. */
    static ErrorRecovery whileLive(String code) {
        return switch (code) {
            case "HISTORY_UNAVAILABLE", "FUTURE_VERSION", "DOC_NOT_OPEN", "HELLO_REQUIRED" -> REOPEN;
            // STALE_SEQ: committed, and its record is gone. The others: refused for good.
            // FORBIDDEN: the user may not write this document; the edit is refused for good.
            case "INVALID_OP", "TOO_LARGE", "BAD_MESSAGE", "STALE_SEQ", "FORBIDDEN" -> RESYNC_LANDED;
            // RATE_LIMITED, TOKEN_EXPIRED (until refreshToken), INTERNAL, and codes of later
            // protocol versions: not committed.
            default -> RETRY;
        };
    }

    /** The recovery from an error answering the probe after a snapshot with {@code rebase: true} ({@link Resync}). */
    static ErrorRecovery whileProbing(String code) {
        return switch (code) {
            // The server looked the seq up, found no record, then refused the base version: never committed.
            case "HISTORY_UNAVAILABLE", "FUTURE_VERSION" -> RESYNC_NOT_LANDED;
            case "STALE_SEQ", "INVALID_OP", "TOO_LARGE", "BAD_MESSAGE", "FORBIDDEN" -> RESYNC_LANDED;
            // RATE_LIMITED, INTERNAL, DOC_NOT_OPEN and later codes: nothing was decided.
            default -> RETRY;
        };
    }
}
