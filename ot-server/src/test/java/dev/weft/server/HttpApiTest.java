package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP API and the event stream, over real sockets with the JDK's HTTP client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpApiTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private InMemoryDocumentStore store;
    private WeftServer server;

    @BeforeEach
    void start() {
        store = new InMemoryDocumentStore();
        server = new WeftServer(ServerConfig.builder().port(0).store(store).maxMessageBytes(4096).build()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void getDocument_unknown_emptyAtVersion0() throws Exception {
        HttpResponse<String> response = get("/api/docs/fresh");
        assertEquals(200, response.statusCode());
        JsonNode body = Json.parse(response.body());
        assertEquals(0, body.path("v").asLong());
        assertEquals("", body.path("text").asText());
    }

    @Test
    void postOps_rebasedLikeAClient_broadcastToParticipants() throws Exception {
        try (WireClient alice = WireClient.hello(server.port(), "alice")) {
            alice.send("type", "open", "doc", "notes");
            alice.expect("snapshot");
            assertEquals(1, Json.parse(post("/api/docs/notes/ops", "{\"v\": 0, \"op\": [\"world\"]}").body()).path("v").asLong());
            // Made against version 0 too: rebased over "world", its tie at position 0 goes first.
            HttpResponse<String> second = post("/api/docs/notes/ops",
                    "{\"v\": 0, \"op\": [\"hello \"], \"clientId\": \"bot\", \"seq\": 1}");
            assertEquals(200, second.statusCode());
            assertEquals(2, Json.parse(second.body()).path("v").asLong());
            assertEquals(1, alice.expect("op").path("v").asLong());
            JsonNode op = alice.expect("op");
            assertEquals("bot", op.path("clientId").asText());
        }
        JsonNode doc = Json.parse(get("/api/docs/notes").body());
        assertEquals(2, doc.path("v").asLong());
        assertEquals("hello world", doc.path("text").asText());
    }

    @Test
    void postOps_resubmitted_duplicateAppliedOnce() throws Exception {
        String body = "{\"v\": 0, \"op\": [\"once\"], \"clientId\": \"bot\", \"seq\": 7}";
        assertEquals(1, Json.parse(post("/api/docs/notes/ops", body).body()).path("v").asLong());
        JsonNode again = Json.parse(post("/api/docs/notes/ops", body).body());
        assertEquals(1, again.path("v").asLong());
        assertTrue(again.path("duplicate").asBoolean());
        assertEquals("once", Json.parse(get("/api/docs/notes").body()).path("text").asText());
    }

    @Test
    void postOps_badInput_documentedErrors_documentUnchanged() throws Exception {
        assertError(post("/api/docs/notes/ops", "{\"v\": 0, "), 400, "BAD_JSON");
        assertError(post("/api/docs/notes/ops", "{\"op\": [\"x\"]}"), 400, "BAD_MESSAGE");
        assertError(post("/api/docs/notes/ops", "{\"v\": 0, \"op\": [3, \"x\"]}"), 422, "INVALID_OP");
        assertError(post("/api/docs/notes/ops", "{\"v\": 0, \"op\": [0]}"), 422, "INVALID_OP");
        assertError(post("/api/docs/notes/ops", "{\"v\": 4, \"op\": [\"x\"]}"), 409, "FUTURE_VERSION");
        assertError(post("/api/docs/notes/ops", "{\"v\": -1, \"op\": [\"x\"]}"), 400, "BAD_MESSAGE");
        assertEquals(413, post("/api/docs/notes/ops", "{\"v\": 0, \"op\": [\"" + "x".repeat(5000) + "\"]}").statusCode());
        assertError(get("/api/docs/bad%20id"), 400, "BAD_MESSAGE");
        assertTrue(store.load("notes").isEmpty(), "nothing was written");
    }

    @Test
    void getOps_range_oldestFirst() throws Exception {
        for (String word : List.of("a", "b", "c")) {
            post("/api/docs/notes/ops", "{\"v\": 0, \"op\": [\"" + word + "\"]}");
        }
        JsonNode page = Json.parse(get("/api/docs/notes/ops?from=1&to=3").body());
        assertEquals(1, page.path("from").asLong());
        assertEquals(3, page.path("to").asLong());
        assertEquals(2, page.path("ops").size());
        assertEquals(2, page.path("ops").get(0).path("v").asLong());
        assertEquals(3, page.path("ops").get(1).path("v").asLong());
        assertEquals(3, Json.parse(get("/api/docs/notes/ops").body()).path("ops").size());
        assertError(get("/api/docs/notes/ops?from=3&to=1"), 400, "BAD_MESSAGE");
    }

    @Test
    void events_resumeFromLastEventId_noGapNoDuplicate() throws Exception {
        URI events = uri("/api/docs/notes/events");
        try (SseReader first = new SseReader(http, events, null)) {
            assertEquals(200, first.status());
            SseReader.Event snapshot = first.next("snapshot");
            assertEquals("0", snapshot.id());
            for (int i = 1; i <= 3; i++) {
                post("/api/docs/notes/ops", "{\"v\": 0, \"op\": [\"" + i + "\"]}");
                SseReader.Event op = first.next("op");
                assertEquals(String.valueOf(i), op.id());
                assertEquals(i, Json.parse(op.data()).path("v").asLong());
            }
        }
        post("/api/docs/notes/ops", "{\"v\": 3, \"op\": [\"4\"]}");
        post("/api/docs/notes/ops", "{\"v\": 4, \"op\": [\"5\"]}");
        try (SseReader resumed = new SseReader(http, events, "3")) {
            assertEquals(200, resumed.status());
            assertEquals("4", resumed.next("op").id());
            assertEquals("5", resumed.next("op").id());
            post("/api/docs/notes/ops", "{\"v\": 5, \"op\": [\"6\"]}");
            assertEquals("6", resumed.next("op").id());
            SseReader.Event extra = resumed.poll(300);
            assertTrue(extra == null || !extra.type().equals("op"), () -> "no op is repeated, got " + extra);
        }
    }

    @Test
    void events_presenceAndChat_streamed() throws Exception {
        try (SseReader stream = new SseReader(http, uri("/api/docs/notes/events"), null);
             WireClient alice = WireClient.hello(server.port(), "alice")) {
            stream.next("snapshot");
            alice.send("type", "open", "doc", "notes");
            alice.expect("snapshot");
            JsonNode joined = Json.parse(stream.next("presence").data());
            assertEquals("alice", joined.path("clientId").asText());
            alice.send("type", "chat", "doc", "notes", "text", "hello stream");
            SseReader.Event chat = stream.next("chat");
            assertNull(chat.id(), "events that do not change the document carry no id");
            assertEquals("hello stream", Json.parse(chat.data()).path("text").asText());
        }
    }

    @Test
    void events_futureVersion_409() throws Exception {
        try (SseReader stream = new SseReader(http, uri("/api/docs/notes/events"), "9")) {
            assertEquals(409, stream.status());
        }
    }

    @Test
    void healthzAndMetrics() throws Exception {
        post("/api/docs/notes/ops", "{\"v\": 0, \"op\": [\"x\"]}");
        HttpResponse<String> health = get("/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok", Json.parse(health.body()).path("status").asText());

        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        String text = metrics.body();
        assertTrue(text.contains("# TYPE weft_ops_committed_total counter\nweft_ops_committed_total 1\n"), text);
        assertTrue(text.contains("# TYPE weft_commit_latency_seconds summary"), text);
        assertTrue(text.contains("weft_commit_latency_seconds_count 1\n"), text);
        assertTrue(text.contains("weft_connections 0\n"), text);
        assertEquals(404, get("/nothing-here").statusCode());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, Json.parse(response.body()).path("code").asText(), response.body());
    }
}
