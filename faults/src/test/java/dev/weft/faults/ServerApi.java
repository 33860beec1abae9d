package dev.weft.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The server's HTTP API as the checks read it: a document's latest text and its whole op history. */
final class ServerApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** One committed operation as {@code GET /api/docs/{id}/ops} gives it. */
    record StoredOp(long version, String clientId, long seq, JsonNode op) {}

    /** A document's latest version and text. */
    record Latest(long version, String text) {}

    ServerApi(int port) {
        base = "http://127.0.0.1:" + port;
    }

    Latest latest(String doc) throws IOException, InterruptedException {
        JsonNode answer = get("/api/docs/" + doc);
        return new Latest(answer.path("v").asLong(), answer.path("text").asText());
    }

    /** Every op from version 1 on, page by page. */
    List<StoredOp> history(String doc) throws IOException, InterruptedException {
        List<StoredOp> ops = new ArrayList<>();
        long from = 0;
        while (true) {
            JsonNode page = get("/api/docs/" + doc + "/ops?from=" + from);
            for (JsonNode op : page.path("ops")) {
                ops.add(new StoredOp(op.path("v").asLong(), op.path("clientId").asText(), op.path("seq").asLong(),
                        op.path("op")));
            }
            long to = page.path("to").asLong();
            if (to == from || page.path("ops").isEmpty()) {
                return ops;
            }
            from = to;
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
