package dev.weft.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a file in the editing-traces format (../shared/traces/README.md) while it streams in:
 * {@code {"startContent", "endContent", "txns": [{"patches": [[position, deleteCount, text], ...]}, ...]}},
 * every patch applied in order, positions in code points.
 *
 * <p>bench's {@code dev.weft.bench.EditTrace} reads the same format into a list for the
 * benchmarks; the CLI keeps its own reader because it must not depend on bench, and it applies
 * each patch as it is read, so a long trace never sits in memory as a whole.
 */
final class TraceReplay {
    private final InputFile file;
    private final ProgressBar progress;
    private Rope text;
    /** Patches read before {@code startContent} (a file that lists it after {@code txns}). */
    private List<TextOperation> pending;
    private long patches;
    private long transactions;

    TraceReplay(InputFile file, ProgressBar progress) {
        this.file = file;
        this.progress = progress;
    }

    /**
     * Reads and applies the {@code txns} array the parser is at. {@code startContent} is null if
     * the file has not given it yet: the patches then wait for {@link #finish}.
     */
    void readTransactions(JsonParser parser, String startContent) throws IOException {
        if (startContent != null) {
            text = Rope.of(startContent);
        } else {
            pending = new ArrayList<>();
        }
        expect(parser, parser.currentToken(), JsonToken.START_ARRAY, "\"txns\" must be an array");
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            transactions++;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("patches")) {
                    expect(parser, value, JsonToken.START_ARRAY, "\"patches\" must be an array");
                    while (parser.nextToken() == JsonToken.START_ARRAY) {
                        readPatch(parser);
                    }
                    expect(parser, parser.currentToken(), JsonToken.END_ARRAY, "a patch must be [position, deleteCount, text]");
                } else {
                    parser.skipChildren();
                }
            }
        }
        expect(parser, parser.currentToken(), JsonToken.END_ARRAY, "a transaction must be an object");
    }

    /** The result, once the whole trace object has been read. */
    ReplayResult finish(String startContent, String endContent) {
        if (text == null) {
            text = Rope.of(startContent == null ? "" : startContent);
        }
        if (pending != null) {
            long index = 0;
            for (TextOperation op : pending) {
                text = apply(op, text, index++, null);
            }
            pending = null;
        }
        String counts = String.format(java.util.Locale.ROOT, "%,d patches in %,d transactions", patches, transactions);
        return new ReplayResult(text, patches, endContent, "endContent", null, counts, patches, "patches");
    }

    private void readPatch(JsonParser parser) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int position = intField(parser, "position");
        int deleteCount = intField(parser, "deleteCount");
        expect(parser, parser.nextToken(), JsonToken.VALUE_STRING, "a patch's third element must be the inserted text");
        String inserted = parser.getText();
        expect(parser, parser.nextToken(), JsonToken.END_ARRAY, "a patch must have exactly three elements");
        TextOperation op;
        try {
            op = TextOperation.replace(position, deleteCount, inserted);
        } catch (InvalidOperationException e) {
            throw file.badContent(at, "patch " + (patches + 1) + " is malformed: " + e.getMessage());
        }
        if (pending != null) {
            pending.add(op);
        } else {
            text = apply(op, text, patches, at);
        }
        patches++;
        progress.update(file.bytesRead());
    }

    private Rope apply(TextOperation op, Rope document, long index, JsonLocation at) {
        try {
            return op.apply(document);
        } catch (InvalidOperationException e) {
            String message = "patch " + (index + 1) + " does not fit the " + document.length()
                    + "-code-point document: " + e.getMessage();
            throw at != null ? file.badContent(at, message) : new BadInputException(message);
        }
    }

    private int intField(JsonParser parser, String name) throws IOException {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
            throw file.badContent(parser.currentTokenLocation(),
                    "a patch's " + name + " must be an integer, was " + describe(parser, token));
        }
        return parser.getIntValue();
    }

    private void expect(JsonParser parser, JsonToken actual, JsonToken expected, String message) throws IOException {
        if (actual != expected) {
            throw file.badContent(parser.currentTokenLocation(), message + ", found " + describe(parser, actual));
        }
    }

    static String describe(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            return "the end of the file";
        }
        return token.isScalarValue() ? parser.getText() : token.asString();
    }
}
