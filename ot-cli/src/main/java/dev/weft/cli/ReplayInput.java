package dev.weft.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Recognizes what a file to replay holds by its first JSON object, while streaming it: an
 * editing trace has {@code txns}, a Weft edit log's header has {@code "weft": "edit-log"}. Field
 * order does not matter, and nothing is read twice.
 */
final class ReplayInput {
    private ReplayInput() {}

    /**
     * Replays {@code file}, whichever of the two formats it is in.
     *
     * @throws BadInputException if the file is neither, or is malformed, or an operation does not fit
     */
    static ReplayResult replay(InputFile file, ProgressBar progress) {
        try (JsonParser parser = Json.MAPPER.createParser(file.content())) {
            JsonToken first = parser.nextToken();
            int firstLine = parser.currentTokenLocation().getLineNr();
            if (first != JsonToken.START_OBJECT) {
                throw file.badContent(parser.currentTokenLocation(),
                        "expected a JSON object (an editing trace or a Weft edit-log header), found "
                                + TraceReplay.describe(parser, first));
            }
            Map<String, Object> fields = new HashMap<>();
            TraceReplay trace = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("txns") && !fields.containsKey("weft")) {
                    trace = new TraceReplay(file, progress);
                    trace.readTransactions(parser, text(fields, "startContent", file, firstLine));
                } else if (value.isScalarValue()) {
                    fields.put(name, scalar(parser, value));
                } else {
                    parser.skipChildren();
                }
            }
            if (fields.containsKey("weft")) {
                EditLogHeader header = EditLogHeader.fromFields(fields, firstLine, file);
                return new EditLogReplay(file, progress).replay(parser, header);
            }
            if (trace == null && !fields.containsKey("startContent")) {
                throw file.badContent(firstLine, "neither an editing trace (no \"txns\") nor a Weft edit log"
                        + " (no \"weft\": \"edit-log\" header)");
            }
            if (trace == null) {
                trace = new TraceReplay(file, progress);
            }
            return trace.finish(text(fields, "startContent", file, firstLine), text(fields, "endContent", file, firstLine));
        } catch (IOException e) {
            throw file.failure(e);
        }
    }

    private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            default -> null;
        };
    }

    private static String text(Map<String, Object> fields, String name, InputFile file, int line) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            throw file.badContent(line, "\"" + name + "\" must be a string, was " + value);
        }
        return (String) value;
    }
}
