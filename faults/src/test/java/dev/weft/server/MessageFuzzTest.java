package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.Commit;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.Sequencer;
import dev.weft.ot.Submission;
import dev.weft.ot.SubmitException;
import dev.weft.ot.TextOperation;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the server's message decoder ({@link ClientMessage} and
 * {@link Json#operation}) and of the operation validator (the {@link Sequencer} behind every
 * submit), reading each input as one text frame the way {@link Connection} does. The property:
 * whatever the frame, reading it fails only with the protocol's own errors ({@link ProtocolError},
 * {@link InvalidOperationException}, {@link SubmitException}), which become {@code error}
 * messages, never with another exception (which would be {@code INTERNAL}); and a refused
 * operation leaves the document's text and version as they were, while an accepted one applies.
 *
 * <p>In the fault-suite module, but in the server's package to reach its package-private decoder.
 * A plain {@code mvn test} replays the committed inputs in
 * {@code src/test/resources/dev/weft/server/MessageFuzzTestInputs/messages/}; docs/reliability.md
 * tells how to fuzz for real.
 */
class MessageFuzzTest {
    private static final String[] HISTORY = {"héllo ", "😅 wörld", " 𝄞!"};

    @FuzzTest(maxDuration = "5m")
    void messages(byte[] input) {
        // Jetty hands the endpoint only valid UTF-8 (it closes with 1007 otherwise), as a String.
        String frame = new String(input, StandardCharsets.UTF_8);
        Sequencer document = Sequencer.create("");
        for (int i = 0; i < HISTORY.length; i++) {
            document.submit(new Submission("writer", i + 1, i,
                    TextOperation.insert(document.text().length(), HISTORY[i])));
        }
        String textBefore = document.text().toString();
        long versionBefore = document.version();
        Commit commit = null;
        try {
            commit = read(ClientMessage.parse(frame), document);
        } catch (ProtocolError e) {
            assertNotNull(e.code());
            assertNotNull(e.getMessage());
        } catch (InvalidOperationException | SubmitException e) {
            assertNotNull(e.getMessage());
        }
        if (commit == null || commit.duplicate()) {
            assertEquals(textBefore, document.text().toString(), () -> "a refused message changed the text: " + frame);
            assertEquals(versionBefore, document.version(), () -> "a refused message moved the version: " + frame);
        } else {
            assertEquals(versionBefore + 1, document.version());
            assertEquals(commit.op().apply(textBefore), document.text().toString());
        }
    }

    /** Reads every field {@link Connection} reads for the message's type; a submit goes to the sequencer. */
    private static Commit read(ClientMessage message, Sequencer document) {
        String type = message.type();
        message.ref();
        message.rawDoc();
        message.rawSeq();
        if (type == null) {
            return null;
        }
        message.checkRef();
        switch (type) {
            case "hello" -> {
                message.integer("protocol", Long.MIN_VALUE);
                String id = message.optionalString("clientId");
                message.user(id != null && ClientMessage.CLIENT_ID.matcher(id).matches() ? id : "fuzz");
            }
            case "ping" -> message.optionalValue("t");
            case "open" -> {
                message.doc();
                message.optionalInteger("version", 0);
            }
            case "close" -> message.doc();
            case "presence" -> {
                message.doc();
                message.optionalString("status");
                if (message.selection() != null) {
                    message.integer("v", 0);
                }
            }
            case "signal" -> {
                message.doc();
                JsonNode data = message.value("data");
                Json.write(data).getBytes(StandardCharsets.UTF_8);
            }
            case "chat" -> {
                message.doc();
                message.string("text");
            }
            case "submit" -> {
                message.doc();
                long version = message.integer("v", 0);
                long seq = message.integer("seq", 1);
                TextOperation op = Json.operation(message.value("op"));
                return document.submit(new Submission("fuzz", seq, version, op));
            }
            default -> {
                return null;
            }
        }
        return null;
    }
}
