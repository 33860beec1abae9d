package dev.weft.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSocket connections, checked every heartbeat interval: each is pinged, and one that
 * has sent nothing for two intervals, or sat idle too long, is dropped (docs/protocol.md,
 * "Heartbeats"). A scheduled thread of {@link WeftServer} calls {@link #tick}.
 */
final class Heartbeat {
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    void register(Connection connection) {
        connections.add(connection);
    }

    void unregister(Connection connection) {
        connections.remove(connection);
    }

    /** How many connections are open. */
    int count() {
        return connections.size();
    }

    /** Pings every connection, or drops it if it stopped answering. */
    void tick(long nowMillis) {
        for (Connection connection : connections) {
            connection.heartbeat(nowMillis);
        }
    }
}
