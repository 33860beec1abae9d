package dev.weft.client;

/**
 * The server sent something this client cannot use. The client drops the connection and
 * reconnects: a lost message would otherwise leave a gap in a document's versions.
 */
final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message);
    }
}
