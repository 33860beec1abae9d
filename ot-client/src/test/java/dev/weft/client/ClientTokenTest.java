package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.TextOperation;
import dev.weft.server.ServerConfig;
import dev.weft.server.TokenAuth;
import dev.weft.server.WeftServer;
import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's token against a real server with token auth: sent in hello, replaced on a live connection. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientTokenTest {
    private static final byte[] SECRET = "the client test's secret, thirty-two bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final long WAIT_SECONDS = 20;

    @Test
    void token_sentInHello_refreshedOnTheLiveConnection() throws Exception {
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        try (WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store)
                .tokenAuth(TokenAuth.builder().hmacSecret(SECRET).build()).build()).start();
             WeftClient client = WeftClient.builder(URI.create("ws://127.0.0.1:" + server.port() + "/ws"))
                     .token(token(List.of("notes"))).build()) {
            client.connect();
            ClientDocument notes = client.open("notes").get(WAIT_SECONDS, TimeUnit.SECONDS);
            notes.edit(TextOperation.insert(0, "signed"));
            assertEquals(1L, notes.flush().get(WAIT_SECONDS, TimeUnit.SECONDS));
            // With the first token, "plans" is out of reach; the refreshed one grants it on the same connection.
            client.refreshToken(token(List.of("notes", "plans")));
            ClientDocument plans = client.open("plans").get(WAIT_SECONDS, TimeUnit.SECONDS);
            plans.edit(TextOperation.insert(0, "refreshed"));
            assertEquals(1L, plans.flush().get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals("signed", read(server.port(), "notes"));
            assertEquals("refreshed", read(server.port(), "plans"));
        } finally {
            store.close();
        }
    }

    @Test
    void token_empty_refused() {
        WeftClient.Builder builder = WeftClient.builder(URI.create("ws://127.0.0.1:1/ws"));
        assertThrows(IllegalArgumentException.class, () -> builder.token(""));
        assertThrows(IllegalArgumentException.class, () -> builder.token(null));
    }

    private static String token(List<String> write) {
        return JWT.create().withSubject("ada").withExpiresAt(Instant.now().plusSeconds(600))
                .withClaim("weft", Map.of("read", List.of(), "write", write)).sign(Algorithm.HMAC256(SECRET));
    }

    private static String read(int port, String doc) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/docs/" + doc))
                .header("Authorization", "Bearer " + token(List.of(doc))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Json.parse(response.body());
        return body.path("text").asText();
    }
}
