package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    @Test
    void latency_oneToThousandMicros_percentilesInMilliseconds() {
        Histogram micros = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            micros.recordValue(i);
        }
        JsonNode node = LoadReport.latency(micros);
        assertEquals(1000, node.get("count").asLong());
        assertEquals(0.5, node.get("p50").asDouble(), 0.001);
        assertEquals(0.95, node.get("p95").asDouble(), 0.001);
        assertEquals(0.99, node.get("p99").asDouble(), 0.001);
        assertEquals(0.999, node.get("p99_9").asDouble(), 0.001);
        assertEquals(1.0, node.get("max").asDouble(), 0.001);
    }

    @Test
    void latency_empty_onlyTheCount() {
        JsonNode node = LoadReport.latency(new Histogram(3));
        assertEquals(0, node.get("count").asLong());
        assertFalse(node.has("p50"));
    }

    @Test
    void counts_ratesArePerSecondOfTheRun() {
        LoadReport report = new LoadReport(8, 2, null, 4.0);
        report.counts(1000, 600, Map.of("RATE_LIMITED", 3L));
        JsonNode json = report.json();
        assertTrue(json.get("offeredRate").isNull());
        assertEquals(250.0, json.get("editsPerSecond").asDouble());
        assertEquals(150.0, json.get("committedPerSecond").asDouble());
        assertEquals(3, json.get("errors").get("RATE_LIMITED").asLong());
    }
}
