package dev.weft.server;

import dev.weft.ot.SubmitException;

/**
 * The closed set of error codes a client can receive in an {@code error} message; the table in
 * docs/protocol.md says when each is sent. The wire form is the constant's name.
 */
enum ErrorCode {
    BAD_JSON,
    UNKNOWN_TYPE,
    BAD_MESSAGE,
    UNSUPPORTED_PROTOCOL,
    HELLO_REQUIRED,
    DOC_NOT_OPEN,
    INVALID_OP,
    FUTURE_VERSION,
    HISTORY_UNAVAILABLE,
    STALE_SEQ,
    TOO_LARGE,
    RATE_LIMITED,
    AUTH_REQUIRED,
    AUTH_FAILED,
    TOKEN_EXPIRED,
    FORBIDDEN,
    TOO_MANY_CONNECTIONS,
    INTERNAL;

    /** The HTTP status the HTTP API answers with for this code. */
    int httpStatus() {
        return switch (this) {
            case BAD_JSON, UNKNOWN_TYPE, BAD_MESSAGE, UNSUPPORTED_PROTOCOL, HELLO_REQUIRED, DOC_NOT_OPEN -> 400;
            case INVALID_OP -> 422;
            case FUTURE_VERSION, STALE_SEQ -> 409;
            case HISTORY_UNAVAILABLE -> 410;
            case TOO_LARGE -> 413;
            case RATE_LIMITED, TOO_MANY_CONNECTIONS -> 429;
            case AUTH_REQUIRED, AUTH_FAILED, TOKEN_EXPIRED -> 401;
            case FORBIDDEN -> 403;
            case INTERNAL -> 500;
        };
    }

    /**
     * The code for a sequencer's refusal. A version conflict that survived the retries is the
     * server's failure: the client may resubmit.
     */
    static ErrorCode of(SubmitException.Reason reason) {
        return switch (reason) {
            case FUTURE_VERSION -> FUTURE_VERSION;
            case HISTORY_UNAVAILABLE -> HISTORY_UNAVAILABLE;
            case INVALID_OP -> INVALID_OP;
            case STALE_SEQ -> STALE_SEQ;
            case VERSION_CONFLICT -> INTERNAL;
        };
    }
}
