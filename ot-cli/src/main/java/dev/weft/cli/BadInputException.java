package dev.weft.cli;

/**
 * Input the command cannot use: a missing, truncated or malformed file, an operation that does
 * not fit its document, an unknown document, a port already taken. The message is the one line
 * the user sees (after {@code weft: }), so it names the file, the line or the value at fault.
 * Exit code {@value ExitCodes#BAD_INPUT}.
 */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }

    BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
