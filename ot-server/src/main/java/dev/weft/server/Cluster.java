package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.ChatMessage;

/**
 * The other server nodes that share this node's store, as a {@link Document} sees them: where it
 * sends its participants' presence, chat and signals. A single node ({@link #single()}) has none;
 * {@link PostgresCluster} reaches the others through PostgreSQL {@code LISTEN/NOTIFY}, and brings
 * their commits and events back to the loaded documents. docs/deployment.md describes it.
 */
interface Cluster extends AutoCloseable {

    /** A node alone with its store: nothing to send, and nobody else commits. */
    static Cluster single() {
        return new Cluster() {
            @Override
            public boolean shared() {
                return false;
            }

            @Override
            public void presence(String doc, Participant participant, long version) {}

            @Override
            public void chat(String doc, String clientId, ChatMessage message) {}

            @Override
            public void signal(String doc, String clientId, JsonNode data) {}

            @Override
            public void close() {}
        };
    }

    /**
     * True if other nodes commit to the same store: a document must then read what they committed
     * before it answers from memory.
     */
    boolean shared();

    /** A local participant joined, changed or left; its selection is at {@code version}. */
    void presence(String doc, Participant participant, long version);

    /** A local participant's chat message, already stored. */
    void chat(String doc, String clientId, ChatMessage message);

    /** A local participant's signal. */
    void signal(String doc, String clientId, JsonNode data);

    /** Stops listening to the other nodes. */
    @Override
    void close();
}
