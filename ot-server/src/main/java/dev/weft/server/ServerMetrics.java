package dev.weft.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What {@code GET /metrics} reports: counters, gauges read when asked, and latency histograms
 * (HdrHistogram, microseconds, three significant digits) of the durable commit and of the whole
 * submit-to-ack path.
 */
final class ServerMetrics {
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    final LongAdder opsCommitted = new LongAdder();
    final LongAdder duplicatesAcked = new LongAdder();
    /** Commits that lost the race for their version to another node and were rebased and retried. */
    final LongAdder commitConflicts = new LongAdder();
    final LongAdder errorsSent = new LongAdder();
    final LongAdder messagesReceived = new LongAdder();
    final Histogram commitLatency = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    final Histogram ackLatency = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
    private final IntSupplier connections;
    private final IntSupplier documentsOpen;

    ServerMetrics(IntSupplier connections, IntSupplier documentsOpen) {
        this.connections = connections;
        this.documentsOpen = documentsOpen;
    }

    int connections() {
        return connections.getAsInt();
    }

    int documentsOpen() {
        return documentsOpen.getAsInt();
    }

    void recordCommit(long nanos) {
        record(commitLatency, nanos);
    }

    void recordAck(long nanos) {
        record(ackLatency, nanos);
    }

    private static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }
}
