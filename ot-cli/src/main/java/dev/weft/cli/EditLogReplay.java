package dev.weft.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.weft.ot.Commit;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.OperationJson;
import dev.weft.ot.Sequencer;
import dev.weft.ot.Submission;
import dev.weft.ot.SubmitException;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;

/**
 * Replays the operations of a Weft edit log (docs/edit-log.md), one JSON object per line:
 * {@code {"clientId", "seq", "v", "op"}}. Each goes through a core {@link Sequencer}, exactly as
 * the server sequences a submission: an operation made against an older version is transformed
 * over everything committed since, and a repeated {@code (clientId, seq)} is not applied twice.
 */
final class EditLogReplay {
    private final InputFile file;
    private final ProgressBar progress;
    private long submitted;
    private long rebased;
    private long duplicates;

    EditLogReplay(InputFile file, ProgressBar progress) {
        this.file = file;
        this.progress = progress;
    }

    /** Replays every operation after the header; the parser stands just past the header object. */
    ReplayResult replay(JsonParser parser, EditLogHeader header) throws IOException {
        Sequencer sequencer = Sequencer.create(header.startText());
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            int line = parser.currentTokenLocation().getLineNr();
            if (token != JsonToken.START_OBJECT) {
                throw file.badContent(line, "expected an operation {\"clientId\", \"seq\", \"v\", \"op\"}, found "
                        + TraceReplay.describe(parser, token));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = Json.MAPPER.readValue(parser, Map.class);
            submit(sequencer, submission(fields, line), line);
            progress.update(file.bytesRead());
        }
        String counts = String.format(Locale.ROOT, "%,d ops (%,d rebased over concurrent ops, %,d duplicates) to version %,d",
                submitted, rebased, duplicates, sequencer.version());
        return new ReplayResult(sequencer.text(), sequencer.version(), header.finalText(), "finalText",
                header.finalVersion(), counts, submitted, "ops");
    }

    private void submit(Sequencer sequencer, Submission submission, int line) {
        long versionBefore = sequencer.version();
        Commit commit;
        try {
            commit = sequencer.submit(submission);
        } catch (SubmitException e) {
            throw file.badContent(line, "the server would refuse this op (" + e.reason() + "): " + e.getMessage());
        }
        submitted++;
        if (commit.duplicate()) {
            duplicates++;
        } else if (submission.baseVersion() < versionBefore) {
            rebased++;
        }
    }

    private Submission submission(Map<String, Object> fields, int line) {
        Object clientId = fields.get("clientId");
        if (!(clientId instanceof String id) || id.isEmpty()) {
            throw file.badContent(line, "\"clientId\" must be a non-empty string, was " + clientId);
        }
        long seq = integer(fields, "seq", 1, line);
        long baseVersion = integer(fields, "v", 0, line);
        if (!fields.containsKey("op")) {
            throw file.badContent(line, "the op has no \"op\"");
        }
        TextOperation op;
        try {
            op = OperationJson.fromTree(fields.get("op"));
        } catch (InvalidOperationException e) {
            throw file.badContent(line, "malformed \"op\": " + e.getMessage());
        }
        return new Submission(id, seq, baseVersion, op);
    }

    private long integer(Map<String, Object> fields, String name, long min, int line) {
        Object value = fields.get(name);
        boolean integral = value instanceof Integer || value instanceof Long
                || value instanceof BigInteger big && big.bitLength() < 64;
        if (!integral || ((Number) value).longValue() < min) {
            throw file.badContent(line, "\"" + name + "\" must be an integer of at least " + min + ", was " + value);
        }
        return ((Number) value).longValue();
    }
}
