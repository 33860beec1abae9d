package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pending edits that survive a restart of the application, through the offline-queue file. */
class OfflineQueueTest {
    @TempDir
    Path dir;

    /** Takes a copy of the file as it is now: what a crash at this moment would leave behind. */
    private Path crashCopy(Path file, String name) throws IOException {
        return Files.copy(file, dir.resolve(name));
    }

    @Test
    void restart_afterACrash_resendsTheInFlightEditWithItsSeqAndThenTheBuffer() throws IOException {
        Path file = dir.resolve("queue.json");
        Path crashed;
        long seq;
        String clientId;
        try (Harness first = new Harness(null, file)) {
            FakeServer.Attempt a = first.online();
            ClientDocument doc = first.open(a, "notes", 7, "hello").doc();
            doc.edit(TextOperation.insert(5, "1"));
            doc.edit(TextOperation.insert(6, "2"));
            seq = a.last("submit").get("seq").asLong();
            clientId = first.client.clientId();
            crashed = crashCopy(file, "crashed.json");
        }
        try (Harness second = new Harness(null, crashed)) {
            assertEquals(clientId, second.client.clientId(), "the id comes from the file");
            ClientDocument doc = Harness.now(second.client.open("notes"));
            assertEquals("hello12", doc.text().toString(), "editable before connecting");
            FakeServer.Attempt b = second.online();
            assertEquals(7, b.last("open").get("version").asLong());
            b.deliver(FakeServer.catchup("notes", 7));
            JsonNode resent = b.last("submit");
            assertEquals(seq, resent.get("seq").asLong(), "same seq: the server can recognize it");
            assertEquals(Json.parse("[5, \"1\"]"), resent.get("op"));
            b.deliver(FakeServer.ack("notes", seq, 8, false));
            assertTrue(b.last("submit").get("seq").asLong() > seq);
            assertEquals(Json.parse("[6, \"2\"]"), b.last("submit").get("op"));
        }
    }

    @Test
    void restart_inFlightEditWasCommitted_isNotSentTwice() throws IOException {
        Path file = dir.resolve("queue.json");
        Path crashed;
        long seq;
        String clientId;
        try (Harness first = new Harness("alice", file)) {
            FakeServer.Attempt a = first.online();
            ClientDocument doc = first.open(a, "notes", 7, "hello").doc();
            doc.edit(TextOperation.insert(5, "1"));
            doc.edit(TextOperation.insert(6, "2"));
            seq = a.last("submit").get("seq").asLong();
            clientId = first.client.clientId();
            crashed = crashCopy(file, "crashed.json");
        }
        try (Harness second = new Harness("alice", crashed)) {
            FakeServer.Attempt b = second.online();
            b.deliver(FakeServer.catchup("notes", 7, new Object[] {8L, clientId, seq, "[5, \"1\"]"}));
            List<JsonNode> submits = b.sent("submit");
            assertEquals(1, submits.size(), submits.toString());
            assertEquals(Json.parse("[6, \"2\"]"), submits.get(0).get("op"));
            assertTrue(submits.get(0).get("seq").asLong() > seq, "a new edit never reuses a seq");
        }
    }

    @Test
    void newSubmission_isInTheFileBeforeItReachesTheServer() throws IOException {
        Path file = dir.resolve("queue.json");
        try (Harness h = new Harness(null, file)) {
            FakeServer.Attempt a = h.online();
            ClientDocument doc = h.open(a, "notes", 7, "hello").doc();
            List<String> fileWhenSent = new ArrayList<>();
            a.onFrame = frame -> {
                if (frame.path("type").asText().equals("submit")) {
                    try {
                        fileWhenSent.add(Files.readString(file));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            doc.edit(TextOperation.insert(0, "x"));
            JsonNode saved = Json.parse(fileWhenSent.get(0));
            assertEquals(a.last("submit").get("seq"), saved.at("/documents/notes/inFlight/seq"));
            assertEquals(Json.parse("[\"x\"]"), saved.at("/documents/notes/inFlight/op"));
            assertEquals("hello", saved.at("/documents/notes/text").asText());

            a.deliver(FakeServer.ack("notes", a.last("submit").get("seq").asLong(), 8, false));
            assertFalse(Json.parse(Files.readString(file)).path("documents").has("notes"),
                    "an acked document leaves the file");
        }
    }

    @Test
    void open_fileOfAnotherClientId_isRefused() throws IOException {
        Path file = dir.resolve("queue.json");
        new Harness("alice", file).close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Harness("bob", file));
        assertTrue(e.getMessage().contains("alice"), e.getMessage());
    }

    @Test
    void open_fileInUse_isRefused() {
        Path file = dir.resolve("queue.json");
        Harness first = new Harness(null, file);
        try {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new Harness(null, file));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        } finally {
            first.close();
        }
    }

    @Test
    void open_fileWhoseEditsDoNotFitItsText_isRefusedAndLeftAsItIs() throws IOException {
        Path file = dir.resolve("queue.json");
        String content = "{\"format\": 1, \"clientId\": \"alice\", \"lastSeq\": 3, \"documents\": {\"notes\":"
                + " {\"version\": 1, \"text\": \"ab\", \"inFlight\": {\"seq\": 3, \"op\": [5, \"x\"]}}}}";
        Files.writeString(file, content);
        for (int attempt = 0; attempt < 2; attempt++) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new Harness(null, file));
            assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        }
        assertEquals(content, Files.readString(file), "the only copy of the edits is kept");
    }

    @Test
    void open_damagedFile_isRefusedWithItsPath() throws IOException {
        Path file = dir.resolve("queue.json");
        Files.writeString(file, "{\"format\": 1, \"documents\": {\"notes\": {\"version\": 1}}}");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new Harness(null, file));
        assertTrue(e.getMessage().contains("queue.json"), e.getMessage());
    }
}
