package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.weft.server.ServerConfig;
import dev.weft.server.TokenAuth;
import dev.weft.server.WeftServer;
import dev.weft.server.store.InMemoryDocumentStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft load} against a real server on an ephemeral port. */
class LoadCommandTest {

    @Test
    void load_clientsOverDocuments_reportRatesLatenciesAndConvergence() {
        try (InMemoryDocumentStore store = new InMemoryDocumentStore();
                WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store).build()).start()) {
            Cli.Run run = Cli.run("load", "ws://127.0.0.1:" + server.port() + "/ws", "--clients", "4", "--documents", "2",
                    "--rate", "100", "--duration", "2s", "--doc-prefix", "lt-");
            assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
            String out = run.out();
            assertTrue(out.startsWith("load: 4 clients over 2 documents (lt-0...) at 100.0 edits/s for 2 s, against ws://127.0.0.1:"),
                    out);
            Matcher committed = Pattern.compile("committed ops  ([0-9,]+) \\(").matcher(out);
            assertTrue(committed.find(), out);
            assertTrue(Long.parseLong(committed.group(1).replace(",", "")) > 20, out);
            assertTrue(out.matches("(?s).*ack latency    p50 [0-9.]+ ms  p90 .* max [0-9.]+ ms  \\([0-9,]+ edits\\).*"), out);
            assertTrue(out.matches("(?s).*end-to-end     p50 [0-9.]+ ms .*\\([0-9,]+ deliveries\\).*"), out);
            assertTrue(out.contains("converged      yes: every client has the server's text"), out);
            assertTrue(out.contains("  lt-0 ") && out.contains("  lt-1 "), out);
        }
    }

    @Test
    void load_maxRateWithJson_typesAtEveryAckAndWritesTheFigures(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("load.json");
        // A closed loop sends as fast as the server acks, past the default per-connection and
        // per-address message rates; this test is about the load command, not the rate limiter.
        try (InMemoryDocumentStore store = new InMemoryDocumentStore();
                WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store)
                        .messagesPerSecond(1_000_000).messagesPerSecondPerAddress(1_000_000).build()).start()) {
            Cli.Run run = Cli.run("load", "ws://127.0.0.1:" + server.port() + "/ws", "--clients", "4", "--documents", "2",
                    "--max-rate", "--duration", "1s", "--doc-prefix", "mx-", "--json", json.toString());
            assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains(" at the highest rate (closed loop) for 1 s"), run.out());
            Matcher committed = Pattern.compile("committed ops  ([0-9,]+) \\(").matcher(run.out());
            assertTrue(committed.find(), run.out());

            JsonNode figures = Json.MAPPER.readTree(json.toFile());
            assertEquals(4, figures.get("clients").asInt());
            assertEquals(2, figures.get("documents").asInt());
            assertTrue(figures.get("offeredRate").isNull(), figures.toString());
            assertEquals(Long.parseLong(committed.group(1).replace(",", "")), figures.get("committed").asLong());
            assertTrue(figures.get("committed").asLong() > 4, figures.toString());
            assertEquals(figures.get("edits").asLong(), figures.get("ackMs").get("count").asLong(), figures.toString());
            assertTrue(figures.get("converged").asBoolean(), figures.toString());
        }
    }

    @Test
    void load_tokenFile_everyUserPresentsIt_andTheFinalCheckToo(@TempDir Path dir) throws Exception {
        byte[] secret = "a load-test secret, long enough for HS256".getBytes(StandardCharsets.UTF_8);
        String token = JWT.create().withSubject("load-tester").withExpiresAt(Instant.now().plusSeconds(600))
                .withClaim(TokenAuth.RIGHTS_CLAIM, Map.of("read", List.of("tk-*"), "write", List.of("tk-*")))
                .sign(Algorithm.HMAC256(secret));
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        try (InMemoryDocumentStore store = new InMemoryDocumentStore();
                WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store)
                        .tokenAuth(TokenAuth.builder().hmacSecret(secret).build()).build()).start()) {
            String url = "ws://127.0.0.1:" + server.port() + "/ws";
            Cli.Run run = Cli.run("load", url, "--clients", "2", "--documents", "1", "--rate", "20",
                    "--duration", "1s", "--doc-prefix", "tk-", "--token-file", tokenFile.toString());
            assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("converged      yes: every client has the server's text"), run.out());
            assertTrue(store.load("tk-0").orElseThrow().version() > 0, "the users' edits were committed");

            String refused = Cli.run("load", url, "--clients", "1", "--documents", "1", "--duration", "1s",
                    "--connect-timeout", "1s", "--doc-prefix", "tk-").badInputLine();
            assertTrue(refused.startsWith("weft: load: no answer from " + url), refused);
            assertTrue(refused.contains("; the server said AUTH_REQUIRED: "), refused);
        }
        Path empty = Files.writeString(dir.resolve("empty"), "  \n");
        assertEquals("weft: load: the token file " + empty + " is empty",
                Cli.run("load", "ws://127.0.0.1:1/ws", "--token-file", empty.toString()).badInputLine());
    }

    @Test
    void load_warmup_typesFirstThenCountsOnlyWhatFollows(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("load.json");
        try (InMemoryDocumentStore store = new InMemoryDocumentStore();
                WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store)
                        .messagesPerSecond(1_000_000).messagesPerSecondPerAddress(1_000_000).build()).start()) {
            Cli.Run run = Cli.run("load", "ws://127.0.0.1:" + server.port() + "/ws", "--clients", "2", "--documents", "1",
                    "--rate", "40", "--warmup", "1s", "--duration", "1s", "--doc-prefix", "wu-", "--json", json.toString());
            assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains(" for 1 s after a warm-up of 1 s, against "), run.out());
            JsonNode figures = Json.MAPPER.readTree(json.toFile());
            assertEquals(1.0, figures.get("warmupSeconds").asDouble(), figures.toString());
            long stored = store.load("wu-0").orElseThrow().version();
            long counted = figures.get("committed").asLong();
            assertTrue(counted > 0 && counted < stored, "the warm-up's commits are not counted: " + counted
                    + " of " + stored + " versions; " + figures);
            assertTrue(figures.get("converged").asBoolean(), figures.toString());
        }
    }

    @Test
    void load_noServer_isBadInputOnOneLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String line = Cli.run("load", "ws://127.0.0.1:" + port + "/ws", "--connect-timeout", "1s", "--duration", "1s")
                .badInputLine();
        assertTrue(line.startsWith("weft: load: no answer from ws://127.0.0.1:" + port + "/ws within 1000 ms"), line);
    }

    @Test
    void load_moreDocumentsThanClients_isBadInput() {
        assertEquals("weft: load: --documents must be between 1 and the number of clients (2), was 3",
                Cli.run("load", "ws://127.0.0.1:1/ws", "--clients", "2", "--documents", "3").badInputLine());
    }

    @Test
    void webSocketUri_httpUrl_becomesTheWebSocketPath() {
        assertEquals("ws://127.0.0.1:8080/ws", LoadCommand.webSocketUri("http://127.0.0.1:8080").toString());
        assertEquals("wss://example.org/ws", LoadCommand.webSocketUri("https://example.org/").toString());
        assertEquals("ws://h:1/custom", LoadCommand.webSocketUri("ws://h:1/custom").toString());
    }
}
