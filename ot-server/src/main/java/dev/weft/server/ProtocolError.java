package dev.weft.server;

/**
 * A client message the server refuses: it becomes an {@code error} message with {@link #code()}
 * and this exception's message, sent to the connection that caused it. Nothing changed.
 */
final class ProtocolError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    ProtocolError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    ErrorCode code() {
        return code;
    }

    static ProtocolError badMessage(String message) {
        return new ProtocolError(ErrorCode.BAD_MESSAGE, message);
    }
}
