package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code weft serve}'s security options: the loopback default, a token secret from a file, and refusals of bad settings. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeSecurityTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final String SECRET = "a secret of at least thirty-two bytes, for the test";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void publicAddressWithoutAuth_refusedWithAClearMessage() {
        String line = Cli.run("serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", dir.resolve("data").toString())
                .badInputLine();
        assertTrue(line.contains("refusing to listen on 0.0.0.0 without authentication"), line);
        assertTrue(line.contains("insecure"), line);
    }

    @Test
    void issuerWithoutKey_refused() {
        String line = Cli.run("serve", "--port", "0", "--token-issuer", "app", "--data-dir", dir.resolve("data").toString())
                .badInputLine();
        assertTrue(line.contains("need a key"), line);
    }

    @Test
    void shortSecret_refused() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "too short\n");
        String line = Cli.run("serve", "--port", "0", "--token-secret-file", secret.toString(),
                "--data-dir", dir.resolve("data").toString()).badInputLine();
        assertTrue(line.contains("at least 32 bytes"), line);
    }

    @Test
    void keyStoreWithoutPassword_refused() throws Exception {
        Path keyStore = Files.writeString(dir.resolve("server.p12"), "not read");
        CommandLine cli = Weft.commandLine();
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        serve.security.environment = Map.of();
        String line = Cli.run(cli, "serve", "--port", "0", "--tls-keystore", keyStore.toString(),
                "--data-dir", dir.resolve("data").toString()).badInputLine();
        assertTrue(line.contains("--tls-password-file"), line);
    }

    @Test
    void secretFile_tokensRequiredAndChecked() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        CommandLine cli = Weft.commandLine();
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0",
                "--data-dir", dir.resolve("data").toString(), "--token-secret-file", secret.toString(),
                "--token-issuer", "app", "--max-open-documents", "3"));
        try {
            String base = "http://127.0.0.1:" + awaitPort(out, exit);
            assertEquals(401, get(base + "/api/docs/notes", null).statusCode());
            String token = JWT.create().withSubject("ada").withIssuer("app").withExpiresAt(Instant.now().plusSeconds(600))
                    .withClaim("weft", Map.of("read", List.of("notes"), "write", List.of()))
                    .sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
            assertEquals(200, get(base + "/api/docs/notes", token).statusCode());
            assertEquals(403, get(base + "/api/docs/plans", token).statusCode());
            String otherIssuer = JWT.create().withSubject("ada").withIssuer("elsewhere")
                    .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
            assertEquals(401, get(base + "/api/docs/notes", otherIssuer).statusCode());
        } finally {
            serve.stop();
        }
        assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS));
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
}
