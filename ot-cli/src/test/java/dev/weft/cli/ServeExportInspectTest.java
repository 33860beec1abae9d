package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code weft serve} on an ephemeral port, edited over the real HTTP API (with concurrent ops the
 * server must rebase); then {@code weft export} of the data directory replays to the server's
 * text and {@code weft inspect} lists the document.
 */
class ServeExportInspectTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void serveThenExport_replayVerifyReproducesTheServersText() throws Exception {
        Path data = dir.resolve("data");
        String serverText;
        CommandLine cli = Weft.commandLine();
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cli.execute("serve", "--port", "0", "--data-dir", data.toString()));
        try {
            int port = awaitPort(out, exit);
            String base = "http://127.0.0.1:" + port;
            assertTrue(out.toString().contains("  WebSocket  ws://127.0.0.1:" + port + "/ws"), out.toString());
            assertTrue(out.toString().contains("  Health     " + base + "/healthz"), out.toString());

            JsonNode health = get(base + "/healthz");
            assertEquals("ok", health.get("status").asText());

            post(base, "{\"v\": 0, \"op\": [\"Hello world\"], \"clientId\": \"alice\", \"seq\": 1}");
            post(base, "{\"v\": 1, \"op\": [5, \",\"], \"clientId\": \"alice\", \"seq\": 2}");
            // Made against version 1 like Alice's comma: the server rebases it over the comma.
            post(base, "{\"v\": 1, \"op\": [11, \"!\"], \"clientId\": \"bob\", \"seq\": 1}");
            post(base, "{\"v\": 1, \"op\": [{\"d\": 5}, \"Howdy\"], \"clientId\": \"carol\", \"seq\": 1}");
            post(base, "{\"v\": 4, \"op\": [13, \" \uD83D\uDE05\"]}");
            JsonNode doc = get(base + "/api/docs/notes");
            serverText = doc.get("text").asText();
            assertEquals(5, doc.get("v").asInt());
            assertEquals("Howdy, world! \uD83D\uDE05", serverText);
        } finally {
            serve.stop();
        }
        assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
        assertTrue(err.toString().contains("weft: stopping the server"), err.toString());

        Path export = dir.resolve("notes.jsonl");
        Cli.Run exported = Cli.run("export", "notes", "--data-dir", data.toString(), "--output", export.toString());
        assertEquals(ExitCodes.OK, exported.exitCode(), exported.err());
        assertEquals(6, Files.readAllLines(export).size(), "a header and 5 ops");

        Cli.Run replayed = Cli.run("replay", "--verify", export.toString());
        assertEquals(ExitCodes.OK, replayed.exitCode(), replayed.err());
        assertEquals(serverText, replayed.out());

        Cli.Run toStdout = Cli.run("export", "notes", "--data-dir", data.toString());
        assertEquals(ExitCodes.OK, toStdout.exitCode(), toStdout.err());
        assertEquals(Files.readString(export), toStdout.out());

        Cli.Run inspected = Cli.run("inspect", "--data-dir", data.toString());
        assertEquals(ExitCodes.OK, inspected.exitCode(), inspected.err());
        assertTrue(inspected.out().startsWith("DOCUMENT "), inspected.out());
        assertTrue(inspected.out().lines().anyMatch(line -> line.matches("notes +5 +15  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ +ok")),
                inspected.out());
        assertTrue(inspected.out().contains("1 document in " + data + "; every snapshot equals its history replayed."),
                inspected.out());

        Cli.Run unknown = Cli.run("export", "nope", "--data-dir", data.toString());
        assertEquals("weft: no document \"nope\" in " + data + "; it holds \"notes\"", unknown.badInputLine());
    }

    @Test
    void serve_portInUse_isBadInput() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Cli.Run run = Cli.run("serve", "--port", String.valueOf(taken.getLocalPort()),
                    "--data-dir", dir.resolve("data").toString());
            String line = run.badInputLine();
            assertTrue(line.startsWith("weft: cannot start the server on 127.0.0.1:" + taken.getLocalPort()), line);
        }
    }

    @Test
    void serve_broadcastWindowOverASecond_isBadInput() {
        Cli.Run run = Cli.run("serve", "--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--broadcast-window", "2s");
        assertEquals("weft: broadcast window must be between 0 and 1000 ms, was PT2S", run.badInputLine());
    }

    private static int awaitPort(StringWriter out, CompletableFuture<Integer> exit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(out.toString());
            if (listening.find() && out.toString().contains("Press Ctrl-C to stop.")) {
                return Integer.parseInt(listening.group(1));
            }
            assertFalse(exit.isDone(), () -> "serve ended early with exit code " + exit.join());
            Thread.sleep(20);
        }
        throw new AssertionError("serve did not say where it listens: " + out);
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    private void post(String base, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/docs/notes/ops"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
