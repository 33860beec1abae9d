package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import dev.weft.server.store.StoredHistory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Token auth on the HTTP API and the event stream, over real requests: the token comes in the
 * {@code Authorization: Bearer} header or the cookie, never the URL; reading needs a read right,
 * posting a write right and a client id of one's own; a stream ends when its token expires.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpAuthTest {
    private static final List<String> NONE = List.of();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private InMemoryDocumentStore store;
    private WeftServer server;
    private MovableClock clock;

    @BeforeEach
    void start() {
        store = new InMemoryDocumentStore();
        clock = new MovableClock(Instant.now());
        server = new WeftServer(ServerConfig.builder().port(0).store(store).heartbeatInterval(Duration.ofMillis(200))
                .tokenAuth(Tokens.hs256Auth().clock(clock).build()).build()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void read_bearerOrCookie_allowed_withoutToken401() throws Exception {
        String token = Tokens.hs256("ada", clock.instant(), List.of("notes"), NONE);
        assertEquals(200, send("/api/docs/notes", r -> r.header("Authorization", "Bearer " + token)).statusCode());
        assertEquals(200, send("/api/docs/notes", r -> r.header("Cookie", TokenAuth.COOKIE + "=" + token)).statusCode());
        assertError(send("/api/docs/notes", r -> r), 401, "AUTH_REQUIRED");
        assertError(send("/api/docs/notes", r -> r.header("Authorization", "Bearer junk")), 401, "AUTH_FAILED");
        assertError(send("/api/docs/secret", r -> r.header("Authorization", "Bearer " + token)), 403, "FORBIDDEN");
        assertError(send("/api/docs/secret/ops", r -> r.header("Authorization", "Bearer " + token)), 403, "FORBIDDEN");
    }

    @Test
    void tokenInTheUrl_refused400() throws Exception {
        String token = Tokens.hs256("ada", clock.instant(), List.of("notes"), NONE);
        assertError(send("/api/docs/notes?access_token=" + token, r -> r), 400, "BAD_MESSAGE");
        assertError(send("/api/docs/notes?token=" + token, r -> r.header("Authorization", "Bearer " + token)),
                400, "BAD_MESSAGE");
    }

    @Test
    void post_readOnlyForbidden_writerCommits() throws Exception {
        String reader = Tokens.hs256("ruth", clock.instant(), List.of("notes"), NONE);
        String writer = Tokens.hs256("wanda", clock.instant(), NONE, List.of("notes"));
        assertError(post(reader, "{\"v\": 0, \"op\": [\"x\"]}"), 403, "FORBIDDEN");
        assertEquals(0, StoredHistory.openSequencer(store, "notes").version());
        assertEquals(200, post(writer, "{\"v\": 0, \"op\": [\"ok\"]}").statusCode());
        assertEquals("ok", StoredHistory.openSequencer(store, "notes").text().toString());
    }

    @Test
    void post_clientIdOfAnotherUser_forbidden() throws Exception {
        String alice = Tokens.hs256("alice", clock.instant(), NONE, List.of("notes"));
        String mallory = Tokens.hs256("mallory", clock.instant(), NONE, List.of("notes"));
        assertEquals(200, post(alice, "{\"v\": 0, \"op\": [\"a\"], \"clientId\": \"alice-bot\", \"seq\": 1}").statusCode());
        assertError(post(mallory, "{\"v\": 1, \"op\": [1, \"m\"], \"clientId\": \"alice-bot\", \"seq\": 2}"), 403, "FORBIDDEN");
        assertEquals(200, post(alice, "{\"v\": 1, \"op\": [1, \"b\"], \"clientId\": \"alice-bot\", \"seq\": 2}").statusCode());
        assertEquals("ab", StoredHistory.openSequencer(store, "notes").text().toString());
    }

    @Test
    void crossSitePost_refused403() throws Exception {
        String writer = Tokens.hs256("wanda", clock.instant(), NONE, List.of("notes"));
        HttpResponse<String> response = send("/api/docs/notes/ops", r -> r.header("Cookie", TokenAuth.COOKIE + "=" + writer)
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString("{\"v\": 0, \"op\": [\"x\"]}")));
        assertError(response, 403, "FORBIDDEN");
        assertEquals(0, StoredHistory.openSequencer(store, "notes").version());
    }

    @Test
    void eventStream_needsReadRight_endsWhenTheTokenExpires() throws Exception {
        String other = Tokens.hs256("ada", clock.instant(), List.of("plans"), NONE);
        assertError(send("/api/docs/notes/events", r -> r.header("Authorization", "Bearer " + other)), 403, "FORBIDDEN");
        String token = Tokens.hs256("ada", clock.instant(), List.of("notes"), NONE);
        HttpResponse<Stream<String>> stream = http.send(request("/api/docs/notes/events")
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        Iterator<String> lines = stream.body().iterator();
        assertEquals("event: snapshot", lines.next());
        clock.advance(Duration.ofHours(2));
        // The stream ends at the next keep-alive: the iterator runs out instead of blocking forever.
        int linesAfter = 0;
        while (lines.hasNext()) {
            lines.next();
            linesAfter++;
            assertTrue(linesAfter < 1000, "the stream went on after its token expired");
        }
    }

    private HttpResponse<String> post(String token, String body) throws Exception {
        return send("/api/docs/notes/ops", r -> r.header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(WireClient.WAIT_SECONDS));
    }

    private HttpResponse<String> send(String path, UnaryOperator<HttpRequest.Builder> decorate) throws Exception {
        return http.send(decorate.apply(request(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response::body);
        JsonNode body = Json.parse(response.body());
        assertEquals(code, body.path("code").asText(), response::body);
    }
}
