package dev.weft.ot;

/**
 * An operation is malformed, or does not fit the document or operation it meets. The message
 * names the offending component and the length it ran into. Nothing is changed when it is thrown.
 */
public class InvalidOperationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the offending value and the limit. */
    public InvalidOperationException(String message) {
        super(message);
    }
}
