package dev.weft.fuzz;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Message channels on a simulated clock. Each channel has its own random delay, so messages of
 * different channels arrive in a random order, while one channel stays FIFO (a message never
 * arrives before one sent earlier on its channel). Closing a channel drops what is still on the
 * wire, as a broken connection does; some messages are delivered twice.
 *
 * @param <M> the message type
 */
final class SimulatedNetwork<M> {

    /** One direction of one connection. */
    static final class Channel<M> {
        final String name;
        private final Consumer<M> receiver;
        private final int baseDelay;
        private final int jitter;
        /** Bumped on close: messages sent over an earlier connection are dropped on arrival. */
        private int epoch;
        private boolean open = true;
        private long lastArrival;

        private Channel(String name, Consumer<M> receiver, int baseDelay, int jitter) {
            this.name = name;
            this.receiver = receiver;
            this.baseDelay = baseDelay;
            this.jitter = jitter;
        }

        boolean isOpen() {
            return open;
        }
    }

    private record Delivery<M>(long time, long order, Channel<M> channel, int epoch, M message) {}

    private final Random random;
    private final double duplicateRate;
    private final PriorityQueue<Delivery<M>> wire = new PriorityQueue<>(
            Comparator.<Delivery<M>>comparingLong(Delivery::time).thenComparingLong(Delivery::order));
    private long now;
    private long order;
    private int sent;
    private int dropped;
    private int duplicated;

    SimulatedNetwork(Random random, double duplicateRate) {
        this.random = random;
        this.duplicateRate = duplicateRate;
    }

    /** A new open channel whose messages go to {@code receiver} after a delay of its own. */
    Channel<M> channel(String name, Consumer<M> receiver) {
        int baseDelay = random.nextInt(4) == 0 ? 10 + random.nextInt(30) : random.nextInt(6);
        return new Channel<>(name, receiver, baseDelay, 1 + random.nextInt(8));
    }

    /** Puts {@code message} on the wire, or drops it if the channel is closed; now and then twice. */
    void send(Channel<M> channel, M message) {
        if (!channel.open) {
            dropped++;
            return;
        }
        enqueue(channel, message);
        if (random.nextDouble() < duplicateRate) {
            duplicated++;
            enqueue(channel, message);
        }
    }

    private void enqueue(Channel<M> channel, M message) {
        long arrival = Math.max(now + channel.baseDelay + random.nextInt(channel.jitter), channel.lastArrival);
        channel.lastArrival = arrival;
        sent++;
        wire.add(new Delivery<>(arrival, order++, channel, channel.epoch, message));
    }

    /** Breaks the connection: everything on the wire for {@code channel} is lost. */
    void close(Channel<M> channel) {
        channel.open = false;
        channel.epoch++;
    }

    /** Opens a new connection over {@code channel}. */
    void open(Channel<M> channel) {
        channel.open = true;
        channel.lastArrival = now;
    }

    /** Delivers every message due by {@code time}, in arrival order, and advances the clock to it. */
    void deliverUntil(long time) {
        while (!wire.isEmpty() && wire.peek().time() <= time) {
            deliverNext();
        }
        now = Math.max(now, time);
    }

    /** Delivers the next message, jumping the clock to its arrival; false when the wire is empty. */
    boolean deliverNext() {
        Delivery<M> next = wire.poll();
        if (next == null) {
            return false;
        }
        now = Math.max(now, next.time());
        if (next.epoch() != next.channel().epoch) {
            dropped++;
        } else {
            next.channel().receiver.accept(next.message());
        }
        return true;
    }

    long now() {
        return now;
    }

    String stats() {
        return "sent " + sent + ", dropped " + dropped + ", duplicated " + duplicated;
    }
}
