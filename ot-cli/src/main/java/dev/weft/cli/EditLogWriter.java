package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.ot.OperationJson;
import dev.weft.ot.Submission;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a Weft edit log (docs/edit-log.md): the header line, then one line per operation,
 * {@code {"clientId", "seq", "v", "op"}}, each line a JSON object ended by {@code \n}.
 */
final class EditLogWriter {
    private final Writer out;

    EditLogWriter(Writer out) {
        this.out = out;
    }

    /** Writes the header; call it once, first. */
    void writeHeader(EditLogHeader header) throws IOException {
        writeLine(header.toFields());
    }

    /** Writes one operation as it was submitted: its author, seq, base version and operation. */
    void writeOp(Submission op) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("clientId", op.clientId());
        fields.put("seq", op.seq());
        fields.put("v", op.baseVersion());
        fields.put("op", OperationJson.toTree(op.op()));
        writeLine(fields);
    }

    private void writeLine(Map<String, Object> fields) throws IOException {
        try {
            out.write(Json.MAPPER.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an edit-log line: " + e.getOriginalMessage(), e);
        }
        out.write('\n');
    }
}
