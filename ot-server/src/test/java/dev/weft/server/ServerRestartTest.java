package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The default SQLite store across a stop and a start of the server on the same data directory. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerRestartTest {
    @TempDir
    Path dataDirectory;

    @Test
    void restartBetweenSubmitAndResubmit_ackedAsDuplicate_appliedOnce() throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).dataDirectory(dataDirectory).build();
        try (WeftServer first = new WeftServer(config).start();
             WireClient alice = WireClient.hello(first.port(), "alice")) {
            alice.send("type", "open", "doc", "notes");
            alice.expect("snapshot");
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello"));
            assertEquals(1, alice.expect("ack").path("v").asLong());
            // The client never saw the ack in its own view: the server goes down before it can tell.
        }

        try (WeftServer second = new WeftServer(config).start();
             WireClient alice = WireClient.hello(second.port(), "alice")) {
            alice.send("type", "open", "doc", "notes", "version", 0);
            assertEquals(1, alice.expect("catchup").path("ops").size());
            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello"));
            JsonNode ack = alice.expect("ack");
            assertEquals(1, ack.path("v").asLong());
            assertTrue(ack.path("duplicate").asBoolean());
            alice.send("type", "submit", "doc", "notes", "v", 1, "seq", 2, "op", List.of(5, " world"));
            assertEquals(2, alice.expect("ack").path("v").asLong());
            alice.send("type", "open", "doc", "notes");
            assertEquals("hello world", alice.expect("snapshot").path("text").asText());
        }

        try (WeftServer third = new WeftServer(config).start();
             WireClient bob = WireClient.hello(third.port(), "bob")) {
            bob.send("type", "open", "doc", "notes");
            JsonNode snapshot = bob.expect("snapshot");
            assertEquals(2, snapshot.path("v").asLong());
            assertEquals("hello world", snapshot.path("text").asText());
        }
    }
}
