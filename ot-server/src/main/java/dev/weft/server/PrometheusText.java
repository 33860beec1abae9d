package dev.weft.server;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The server's metrics in the Prometheus text exposition format (version 0.0.4). Written by hand:
 * a few {@code # TYPE} lines do not justify a metrics library beside HdrHistogram, which already
 * keeps the latencies. Latencies are summaries with quantiles over the server's whole life.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private final StringBuilder text = new StringBuilder();

    static String render(ServerMetrics metrics, int eventStreams) {
        PrometheusText out = new PrometheusText();
        out.sample("weft_ops_committed_total", "counter", "Operations committed.", metrics.opsCommitted.sum());
        out.sample("weft_duplicates_acked_total", "counter", "Resubmitted operations acked again without applying them.",
                metrics.duplicatesAcked.sum());
        out.sample("weft_commit_conflicts_total", "counter",
                "Commits that lost their version to another node and were rebased and retried.",
                metrics.commitConflicts.sum());
        out.sample("weft_messages_received_total", "counter", "WebSocket messages received.",
                metrics.messagesReceived.sum());
        out.sample("weft_errors_sent_total", "counter", "Error messages sent to WebSocket clients.",
                metrics.errorsSent.sum());
        out.sample("weft_connections", "gauge", "Open WebSocket connections.", metrics.connections());
        out.sample("weft_event_streams", "gauge", "Open Server-Sent Events streams.", eventStreams);
        out.sample("weft_documents_open", "gauge", "Documents loaded in memory.", metrics.documentsOpen());
        out.summary("weft_commit_latency_seconds", "Time to commit an operation durably.", metrics.commitLatency);
        out.summary("weft_ack_latency_seconds", "Time from receiving a submit to sending its ack.", metrics.ackLatency);
        return out.text.toString();
    }

    private void sample(String name, String type, String help, long value) {
        header(name, type, help);
        text.append(name).append(' ').append(value).append('\n');
    }

    /** HdrHistogram keeps no exact sum; the sum is the mean times the count, within its precision. */
    private void summary(String name, String help, Histogram microseconds) {
        Histogram copy = microseconds.copy();
        header(name, "summary", help);
        for (double quantile : QUANTILES) {
            text.append(name).append("{quantile=\"").append(quantile).append("\"} ")
                    .append(seconds(copy.getValueAtPercentile(quantile * 100))).append('\n');
        }
        long count = copy.getTotalCount();
        text.append(name).append("_sum ").append(seconds(copy.getMean() * count)).append('\n');
        text.append(name).append("_count ").append(count).append('\n');
    }

    private void header(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String seconds(double micros) {
        return String.format(Locale.ROOT, "%.6f", micros / 1_000_000);
    }
}
