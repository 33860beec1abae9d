package dev.weft.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The limits shared by everything that comes from one remote address: how many WebSockets and
 * event streams it may hold open, and how many messages and HTTP requests per second all of them
 * together may send (a token bucket like each connection's own). An address is forgotten once it
 * holds no connection and its bucket is full again (checked on its next use and every heartbeat),
 * so the table stays as small as the set of active addresses.
 */
final class AddressLimits {
    private final int maxConnections;
    private final int messagesPerSecond;
    private final ConcurrentMap<String, Entry> addresses = new ConcurrentHashMap<>();

    AddressLimits(int maxConnections, int messagesPerSecond) {
        this.maxConnections = maxConnections;
        this.messagesPerSecond = messagesPerSecond;
    }

    int maxConnections() {
        return maxConnections;
    }

    int messagesPerSecond() {
        return messagesPerSecond;
    }

    /** Whether the address is already at its connection limit (a quick check before an upgrade). */
    boolean atConnectionLimit(String address) {
        Entry entry = addresses.get(address);
        return entry != null && entry.connections >= maxConnections;
    }

    /** Counts a new connection of {@code address}; false (and nothing counted) if it holds the most already. */
    boolean tryConnect(String address) {
        boolean[] admitted = new boolean[1];
        addresses.compute(address, (key, entry) -> {
            Entry current = entry != null ? entry : new Entry(messagesPerSecond, System.nanoTime());
            if (current.connections < maxConnections) {
                current.connections++;
                admitted[0] = true;
            }
            return current;
        });
        return admitted[0];
    }

    /** Uncounts a connection that {@link #tryConnect} admitted. */
    void disconnected(String address) {
        addresses.computeIfPresent(address, (key, entry) -> {
            entry.connections--;
            return entry.connections <= 0 && entry.full(System.nanoTime()) ? null : entry;
        });
    }

    /** Takes one message from the address's bucket; false if the address is over its rate. */
    boolean tryMessage(String address, long nowNanos) {
        boolean[] admitted = new boolean[1];
        addresses.compute(address, (key, entry) -> {
            Entry current = entry != null ? entry : new Entry(messagesPerSecond, nowNanos);
            admitted[0] = current.rate.tryAcquire(nowNanos);
            return current.connections <= 0 && current.full(nowNanos) ? null : current;
        });
        return admitted[0];
    }

    /** Forgets every address that holds no connection and has its whole burst back. */
    void forgetIdle(long nowNanos) {
        for (String address : addresses.keySet()) {
            addresses.computeIfPresent(address, (key, entry) -> entry.connections <= 0 && entry.full(nowNanos) ? null : entry);
        }
    }

    /** How many addresses are tracked now. */
    int size() {
        return addresses.size();
    }

    /** Guarded by the map's per-key locking: every change goes through {@code compute}. */
    private static final class Entry {
        final RateLimiter rate;
        int connections;

        Entry(int perSecond, long nowNanos) {
            rate = new RateLimiter(perSecond, nowNanos);
        }

        boolean full(long nowNanos) {
            return rate.isFull(nowNanos);
        }
    }
}
