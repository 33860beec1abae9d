package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editor page in a real browser: runs {@code web/test/browser.mjs} (playwright-core driving
 * Debian's Chromium) against a server on an ephemeral loopback port with a fresh SQLite data
 * directory, and fails if any of its scenarios fails. Without Chromium it is skipped, unless the
 * environment sets {@code WEFT_REQUIRE_BROWSER=1} (CI does), when it fails.
 */
class EditorBrowserTest {
    private static final Path WEB = Path.of("..", "web").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final long RUN_LIMIT_SECONDS = 270;

    @Test
    @Timeout(value = RUN_LIMIT_SECONDS + 30, unit = TimeUnit.SECONDS)
    void browserScenarios_allPass(@TempDir Path dataDirectory) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            String why = "no Chromium at " + CHROMIUM + ": the browser tests need it (apt-get install chromium)";
            if ("1".equals(System.getenv("WEFT_REQUIRE_BROWSER"))) {
                fail(why + ", and WEFT_REQUIRE_BROWSER=1 requires them");
            }
            Assumptions.abort(why);
        }
        assertTrue(Files.isDirectory(WEB.resolve("node_modules").resolve("playwright-core")),
                "web/node_modules has no playwright-core: the ot-server build runs npm ci in web/");
        Path log = dataDirectory.resolve("browser-test.log");
        try (WeftServer server = new WeftServer(ServerConfig.builder()
                .host("127.0.0.1").port(0).dataDirectory(dataDirectory.resolve("data")).build()).start()) {
            Process node = new ProcessBuilder("node", "test/browser.mjs", "http://127.0.0.1:" + server.port())
                    .directory(WEB.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean finished = node.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = read(log);
            System.out.println("web/test/browser.mjs:\n" + output);
            if (!finished) {
                fail("the browser tests did not finish within " + RUN_LIMIT_SECONDS + " s:\n" + output);
            }
            assertEquals(0, node.exitValue(), () -> "the browser tests failed:\n" + output);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }
}
