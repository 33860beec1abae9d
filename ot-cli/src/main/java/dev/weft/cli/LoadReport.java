package dev.weft.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The machine-readable result of one {@code weft load} run ({@code --json FILE}): what the
 * benchmark scripts in {@code bench/scripts} collect, plot and summarize. Rates are per second of
 * the editing phase; latencies are milliseconds.
 */
final class LoadReport {
    /** The percentiles every latency object holds, by key. */
    static final Map<String, Double> PERCENTILES = Map.of("p50", 50.0, "p90", 90.0, "p95", 95.0, "p99", 99.0,
            "p99_9", 99.9);

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();

    /**
     * @param offeredRate edits per second asked for, or {@code null} for the closed loop
     *                    ({@code --max-rate})
     */
    LoadReport(int clients, int documents, Double offeredRate, double seconds) {
        root.put("clients", clients);
        root.put("documents", documents);
        if (offeredRate == null) {
            root.putNull("offeredRate");
        } else {
            root.put("offeredRate", offeredRate);
        }
        root.put("seconds", seconds);
    }

    /** The warm-up before counting began, in seconds (0 for none). */
    void warmup(double seconds) {
        root.put("warmupSeconds", seconds);
    }

    void counts(long edits, long committed, Map<String, Long> errors) {
        double seconds = root.get("seconds").asDouble();
        root.put("edits", edits);
        root.put("editsPerSecond", edits / seconds);
        root.put("committed", committed);
        root.put("committedPerSecond", committed / seconds);
        ObjectNode codes = root.putObject("errors");
        errors.forEach(codes::put);
    }

    void latencies(Histogram ackMicros, Histogram endToEndMicros) {
        root.set("ackMs", latency(ackMicros));
        root.set("endToEndMs", latency(endToEndMicros));
    }

    void converged(boolean converged) {
        root.put("converged", converged);
    }

    ObjectNode json() {
        return root;
    }

    void write(Path file) {
        try {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new BadInputException("load: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code {"count": n, "p50": ms, ..., "max": ms}} of a histogram in microseconds; only the count when it is empty. */
    static ObjectNode latency(Histogram micros) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("count", micros.getTotalCount());
        if (micros.getTotalCount() == 0) {
            return node;
        }
        PERCENTILES.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(p -> node.put(p.getKey(), micros.getValueAtPercentile(p.getValue()) / 1000.0));
        node.put("max", micros.getMaxValue() / 1000.0);
        return node;
    }
}
