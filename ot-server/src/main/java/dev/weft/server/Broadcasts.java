package dev.weft.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.ot.CommittedOp;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How a document sends its committed ops to its participants. Each op is serialized once for
 * everyone, and each connection's ops are gathered and go out together in one frame: an
 * {@code ops} message, or an {@code op} message when it is one.
 *
 * <p>Ops are gathered while a group of them is being published (all that one group commit made
 * durable, between {@link #hold} and {@link #release}), and also across the broadcast window
 * ({@link ServerConfig#broadcastWindow()}): an op published less than a window after the
 * document's last broadcast waits for the window to end, so a busy document sends each
 * participant at most one frame per window, and a quiet one sends each op at once. Anything else
 * for a connection (its ack, a presence change, a reply) must first {@link #flush} what was
 * gathered for it, so every connection still receives everything in version order. Used on the
 * document's executor only; {@link Scheduler} runs the end of a window there too.
 */
final class Broadcasts {
    /** Runs a task on the document's executor after a delay. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    /** Where a participant's messages go: its {@link Connection}. */
    interface Recipient {
        void send(String json);
    }

    private final String opPrefix;
    private final String opsPrefix;
    private final long windowNanos;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final Map<Recipient, List<String>> gathered = new IdentityHashMap<>();
    private int holds;
    private boolean windowPending;
    /** When the last broadcast went out; a window ago at first, so the first op goes out at once. */
    private long lastBroadcastNanos;

    Broadcasts(String documentId, long windowNanos, Scheduler scheduler) {
        this(documentId, windowNanos, scheduler, System::nanoTime);
    }

    /** With {@code clock} in place of {@link System#nanoTime()}. */
    Broadcasts(String documentId, long windowNanos, Scheduler scheduler, LongSupplier clock) {
        String doc = Json.write(TextNode.valueOf(documentId));
        this.opPrefix = "{\"type\":\"op\",\"doc\":" + doc + ",";
        this.opsPrefix = "{\"type\":\"ops\",\"doc\":" + doc + ",\"ops\":[";
        this.windowNanos = windowNanos;
        this.scheduler = scheduler;
        this.clock = clock;
        this.lastBroadcastNanos = clock.getAsLong() - windowNanos;
    }

    /** The op as a JSON object without type or document: {@code {"v":..,"op":..,"clientId":..,"seq":..}}. */
    static String fragment(CommittedOp entry) {
        ObjectNode node = Json.object();
        ServerMessages.writeOp(node, entry);
        return Json.write(node);
    }

    /** The {@code op} message of one op's fragment. */
    String opMessage(String fragment) {
        return opPrefix + fragment.substring(1);
    }

    /** From now until the matching {@link #release}, ops sent are only gathered. */
    void hold() {
        holds++;
    }

    /** Ends a {@link #hold}: what was gathered goes out now, or when the broadcast window ends. */
    void release() {
        if (--holds == 0) {
            broadcastOrWait();
        }
    }

    /** Gathers the op (its {@link #fragment}) for {@code connection}; it goes out as {@link #release} says. */
    void send(Recipient connection, String fragment) {
        gathered.computeIfAbsent(connection, c -> new ArrayList<>(4)).add(fragment);
        if (holds == 0) {
            broadcastOrWait();
        }
    }

    /** Sends what was gathered for {@code connection}, before something else is sent to it. */
    void flush(Recipient connection) {
        List<String> fragments = gathered.remove(connection);
        if (fragments != null) {
            connection.send(message(fragments));
        }
    }

    /** Drops what was gathered for a connection that is no longer a participant. */
    void forget(Recipient connection) {
        gathered.remove(connection);
    }

    private void broadcastOrWait() {
        if (gathered.isEmpty() || windowPending) {
            return;
        }
        long now = clock.getAsLong();
        long wait = windowNanos - (now - lastBroadcastNanos);
        if (wait <= 0) {
            broadcast(now);
            return;
        }
        windowPending = true;
        scheduler.schedule(this::windowEnded, wait);
    }

    private void windowEnded() {
        windowPending = false;
        if (holds == 0 && !gathered.isEmpty()) {
            broadcast(clock.getAsLong());
        }
    }

    private void broadcast(long now) {
        lastBroadcastNanos = now;
        gathered.forEach((connection, fragments) -> connection.send(message(fragments)));
        gathered.clear();
    }

    private String message(List<String> fragments) {
        return fragments.size() == 1 ? opMessage(fragments.get(0)) : opsPrefix + String.join(",", fragments) + "]}";
    }
}
