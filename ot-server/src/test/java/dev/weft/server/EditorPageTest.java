package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The editor page's routes and headers, over real sockets; the API beside it keeps working. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EditorPageTest {
    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/editor-[A-Za-z0-9]+\\.js)\"");
    private static final Pattern STYLE = Pattern.compile("href=\"(/assets/editor-style-[A-Za-z0-9]+\\.css)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private InMemoryDocumentStore store;
    private WeftServer server;

    @BeforeEach
    void start() {
        store = new InMemoryDocumentStore();
        server = new WeftServer(ServerConfig.builder().port(0).store(store).build()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void root_redirectsToDefaultDocument() throws Exception {
        HttpResponse<String> response = send("GET", "/", null);
        assertEquals(302, response.statusCode());
        assertEquals("/d/notes", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void documentPath_servesShellNamingHashedAssets_revalidated() throws Exception {
        HttpResponse<String> response = send("GET", "/d/meeting-notes.2026", null);
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(SCRIPT.matcher(response.body()).find(), response.body());
        assertTrue(STYLE.matcher(response.body()).find(), response.body());
        assertEquals(response.body(), send("GET", "/d/other", null).body(), "every document gets the same shell");
    }

    @Test
    void hashedAssets_cachedForGood_withTheirContentTypes() throws Exception {
        String shell = send("GET", "/d/notes", null).body();
        HttpResponse<String> script = send("GET", find(SCRIPT, shell), null);
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=31536000, immutable", script.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("nosniff", script.headers().firstValue("X-Content-Type-Options").orElseThrow());
        HttpResponse<String> style = send("GET", find(STYLE, shell), null);
        assertEquals("text/css; charset=utf-8", style.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(style.body().contains(".remote-caret"));
    }

    @Test
    void libraryAndServiceWorker_servedAsRevalidatedJavaScript() throws Exception {
        for (String path : new String[] {"/weft-client.js", "/sw.js"}) {
            HttpResponse<String> response = send("GET", path, null);
            assertEquals(200, response.statusCode(), path);
            assertEquals("text/javascript; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        }
        assertTrue(send("GET", "/weft-client.js", null).body().contains("export"), "an ES module");
    }

    @Test
    void etag_matching_notModified_headHasNoBody() throws Exception {
        HttpResponse<String> first = send("GET", "/d/notes", null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, send("GET", "/d/notes", etag).statusCode());
        assertEquals(200, send("GET", "/d/notes", "\"something-else\"").statusCode());
        HttpResponse<String> head = send("HEAD", "/d/notes", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(String.valueOf(first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                head.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    void unknownPaths_notFound() throws Exception {
        assertEquals(404, send("GET", "/assets/editor-NOPE.js", null).statusCode());
        assertEquals(404, send("GET", "/d/" + "x".repeat(129), null).statusCode());
        assertEquals(404, send("GET", "/d/a/b", null).statusCode());
        assertEquals(404, send("GET", "/manifest.json", null).statusCode());
        assertEquals(404, send("GET", "/index.html", null).statusCode());
        assertEquals(404, send("GET", "/nothing-here", null).statusCode());
    }

    @Test
    void existingRoutes_stillAnswer() throws Exception {
        assertEquals("ok", Json.parse(send("GET", "/healthz", null).body()).path("status").asText());
        assertEquals(200, send("GET", "/metrics", null).statusCode());
        JsonNode doc = Json.parse(send("GET", "/api/docs/notes", null).body());
        assertEquals(0, doc.path("v").asLong());
        assertEquals(400, send("GET", "/api/docs/bad%20id", null).statusCode());
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), () -> pattern + " not in " + text);
        return matcher.group(1);
    }

    private HttpResponse<String> send(String method, String path, String ifNoneMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
