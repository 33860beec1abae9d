package dev.weft.server.store;

/**
 * What a server node hears from the other nodes through {@link PostgresDocumentStore#listen}:
 * PostgreSQL {@code LISTEN/NOTIFY} on one dedicated connection. Calls come from the store's one
 * listening thread, in the order the database delivered them; implementations should only queue
 * work. Notifications can be lost while the connection is down, so after every (re)connection
 * {@link #connected()} asks the listener to read what it may have missed.
 */
public interface PostgresListener {

    /** Some node committed {@code version} of the document (this node's own commits too). */
    void committed(String documentId, long version);

    /** A message some node sent with {@link PostgresDocumentStore#broadcast}, this node's own too. */
    void message(String payload);

    /** The listening connection was opened or reopened: anything may have been missed before. */
    void connected();
}
