package dev.weft.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What {@code weft load} measures, shared by every simulated client: latencies in microseconds
 * (HdrHistogram, three significant digits), the edits made, and the errors the server reported.
 */
final class LoadMetrics {
    private final Histogram ack = new ConcurrentHistogram(3);
    private final Histogram endToEnd = new ConcurrentHistogram(3);
    /** When each inserted token was typed, by token: how a receiving client finds an edit's age. */
    private final Map<String, Long> typedAt = new ConcurrentHashMap<>();
    private final LongAdder edits = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    /** Edits typed before this time (a warm-up) are not counted. */
    private volatile long measuredFrom = Long.MIN_VALUE;

    /**
     * Ends a warm-up: edits, acks and deliveries count only for edits typed from {@code nanoTime}
     * on. Errors and failures still count from the start.
     */
    void measureFrom(long nanoTime) {
        measuredFrom = nanoTime;
        edits.reset();
    }

    /** An edit was made; if it inserted {@code token}, receivers will report it. */
    void edited(String token, long nanoTime) {
        if (nanoTime >= measuredFrom) {
            edits.increment();
        }
        if (token != null) {
            typedAt.put(token, nanoTime);
        }
    }

    /** An edit made at {@code editedAt} was acknowledged by the server at {@code ackedAt}. */
    void acked(long editedAt, long ackedAt) {
        if (editedAt >= measuredFrom) {
            ack.recordValue(micros(ackedAt - editedAt));
        }
    }

    /** Another client received {@code token} at {@code receivedAt}. Unknown tokens (cut by a delete) are ignored. */
    void received(String token, long receivedAt) {
        Long typed = typedAt.get(token);
        if (typed != null && typed >= measuredFrom) {
            endToEnd.recordValue(micros(receivedAt - typed));
        }
    }

    /** The server refused something with {@code code}. */
    void error(String code) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** A client failed to make an edit: a bug, which the command reports at the end. */
    void failed(RuntimeException e) {
        failure.compareAndSet(null, e);
    }

    /** The first failure of a client, or null. */
    RuntimeException failure() {
        return failure.get();
    }

    long edits() {
        return edits.sum();
    }

    Histogram ackLatency() {
        return ack;
    }

    Histogram endToEndLatency() {
        return endToEnd;
    }

    /** Errors by code, e.g. {@code {RATE_LIMITED=3}}. */
    Map<String, Long> errors() {
        Map<String, Long> counts = new TreeMap<>();
        errors.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }

    private static long micros(long nanos) {
        return Math.max(1, nanos / 1000);
    }
}
