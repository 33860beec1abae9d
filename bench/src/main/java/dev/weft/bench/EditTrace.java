package dev.weft.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.weft.ot.TextOperation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A recorded editing session in the editing-traces format (see shared/traces/README.md):
 * a start text, the expected end text, and every patch in order. Positions are code points.
 *
 * @param startContent the document before the first patch
 * @param endContent the document after the last patch
 * @param patches every patch of every transaction, in the order they apply
 */
public record EditTrace(String startContent, String endContent, List<Patch> patches) {

    /**
     * One edit: delete {@code deleteCount} code points at {@code position}, then insert {@code text}
     * there.
     */
    public record Patch(int position, int deleteCount, String text) {

        /** This patch as an operation: retain up to the position, delete, then insert. */
        public TextOperation toOperation() {
            return TextOperation.replace(position, deleteCount, text);
        }
    }

    /** The system property that names the traces directory, overriding the search for shared/traces. */
    public static final String DIRECTORY_PROPERTY = "weft.traces";

    /**
     * Loads the trace called {@code name} (for example {@code "automerge-paper"}) from
     * {@link #directory()}.
     */
    public static EditTrace load(String name) throws IOException {
        Path dir = directory();
        for (String suffix : new String[] {".json.gz", ".json"}) {
            Path file = dir.resolve(name + suffix);
            if (Files.isRegularFile(file)) {
                return load(file);
            }
        }
        throw new IOException("no trace " + name + ".json.gz or " + name + ".json in " + dir);
    }

    /**
     * The traces directory: the {@value #DIRECTORY_PROPERTY} system property if set, otherwise the
     * first {@code shared/traces} found in the working directory or above it (shared/ lies beside
     * the repository root in a checkout and in CI's clone).
     */
    public static Path directory() throws IOException {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("traces");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no shared/traces directory in or above " + start + "; set -D" + DIRECTORY_PROPERTY);
    }

    /** Reads a trace from a {@code .json} or {@code .json.gz} file. */
    public static EditTrace load(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                JsonParser parser = new JsonFactory().createParser(in)) {
            return read(parser);
        }
    }

    private static EditTrace read(JsonParser parser) throws IOException {
        expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
        String start = null;
        String end = null;
        List<Patch> patches = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "startContent" -> start = parser.getText();
                case "endContent" -> end = parser.getText();
                case "txns" -> readTransactions(parser, patches);
                default -> parser.skipChildren();
            }
        }
        if (start == null || end == null) {
            throw new IOException("trace lacks startContent or endContent");
        }
        return new EditTrace(start, end, patches);
    }

    private static void readTransactions(JsonParser parser, List<Patch> patches) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY, parser);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("patches")) {
                    readPatches(parser, patches);
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private static void readPatches(JsonParser parser, List<Patch> patches) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY, parser);
        while (parser.nextToken() == JsonToken.START_ARRAY) {
            expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT, parser);
            int position = parser.getIntValue();
            expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT, parser);
            int deleteCount = parser.getIntValue();
            expect(parser.nextToken(), JsonToken.VALUE_STRING, parser);
            String text = parser.getText();
            expect(parser.nextToken(), JsonToken.END_ARRAY, parser);
            patches.add(new Patch(position, deleteCount, text));
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser parser) throws IOException {
        if (actual != expected) {
            throw new IOException("malformed trace at " + parser.currentLocation() + ": expected " + expected + ", found " + actual);
        }
    }
}
