package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.ot.OperationJson;
import dev.weft.ot.TextOperation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise end to end: {@code weft serve} runs as its own process on the embedded
 * default (SQLite in a data directory), acks ops over HTTP, is killed with SIGKILL (no shutdown
 * hook, no close), and a new process on the same directory still has every acked op.
 */
class ServeKillRestartTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void kill9_afterAcks_restartKeepsEveryAckedOp() throws Exception {
        Path data = dir.resolve("weft-data");
        StringBuilder expected = new StringBuilder();
        int acked = 0;
        Process first = serve(data);
        try {
            String base = "http://127.0.0.1:" + awaitPort(first);
            for (int seq = 1; seq <= 40; seq++) {
                String token = "t" + seq + (seq % 5 == 0 ? "😅" : "") + " ";
                TextOperation append = TextOperation.insert(expected.codePointCount(0, expected.length()), token);
                JsonNode ack = post(base, "{\"v\": " + acked + ", \"op\": " + JSON.writeValueAsString(OperationJson.toTree(append))
                        + ", \"clientId\": \"writer\", \"seq\": " + seq + "}");
                acked++;
                assertEquals(acked, ack.get("v").asLong(), ack.toString());
                expected.append(token);
            }
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        Process second = serve(data);
        try {
            String base = "http://127.0.0.1:" + awaitPort(second);
            JsonNode doc = get(base + "/api/docs/killed");
            assertEquals(acked, doc.get("v").asLong(), doc.toString());
            assertEquals(expected.toString(), doc.get("text").asText());
            JsonNode again = post(base, "{\"v\": 0, \"op\": [\"t1 \"], \"clientId\": \"writer\", \"seq\": 1}");
            assertTrue(again.path("duplicate").asBoolean(), "a resubmitted op after the restart is a duplicate: " + again);
            assertEquals(acked, get(base + "/api/docs/killed").get("v").asLong());
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code weft serve} in a new JVM with this test's class path. */
    private static Process serve(Path data) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Weft.class.getName(),
                "serve", "--port", "0", "--data-dir", data.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    seen.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("reading the server's output failed after:\n" + seen, e);
            }
            throw new IllegalStateException("the server exited before listening:\n" + seen);
        });
        return port.get(60, TimeUnit.SECONDS);
    }

    private JsonNode post(String base, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/docs/killed/ops"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
