package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.ot.CursorBias;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.OperationJson;
import dev.weft.ot.Rope;
import dev.weft.ot.Sequencer;
import dev.weft.ot.Side;
import dev.weft.ot.Submission;
import dev.weft.ot.SubmitException;
import dev.weft.ot.TextOperation;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided targets for Jazzer. A plain {@code mvn test} replays only the committed seeds
 * in {@code src/test/resources/dev/weft/fuzz/OperationFuzzTestInputs/<method>/} (regression
 * mode); {@code JAZZER_FUZZ=1} fuzzes one target for real (see docs/testing.md).
 */
class OperationFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Decodes the input into a document and two valid concurrent operations, and checks the
     * laws: TP1 for both sides, compose, invert, JSON and the two apply paths.
     */
    @FuzzTest(maxDuration = "5m")
    void laws(FuzzedDataProvider data) {
        String doc = document(data);
        TextOperation a = operation(data, doc);
        TextOperation b = operation(data, doc);
        String context = new Scenario(doc, List.of(a, b)).toString();

        String afterA = a.apply(doc);
        String afterB = b.apply(doc);
        for (Side side : Side.values()) {
            TextOperation bOverA = TextOperation.transform(b, a, side);
            TextOperation aOverB = TextOperation.transform(a, b, side.other());
            assertEquals(bOverA.apply(afterA), aOverB.apply(afterB), () -> "TP1, b " + side + ": " + context);
            assertEquals(bOverA.apply(afterA), a.compose(bOverA).apply(doc), () -> "compose: " + context);
        }
        assertEquals(doc, a.invert(doc).apply(afterA), () -> "invert: " + context);
        TextOperation invertible = a.withDeletedText(doc);
        assertEquals(invertible, invertible.invert().invert(), () -> "invert twice: " + context);
        assertEquals(afterA, a.apply(Rope.of(doc)).toString(), () -> "rope apply: " + context);
        assertEquals(a, OperationJson.fromTree(OperationJson.toTree(a)), () -> "JSON: " + context);
        int p = data.consumeInt(0, Generators.codePointLength(doc));
        int moved = a.transformPosition(p, CursorBias.AFTER_INSERT);
        assertFalse(moved < 0 || moved > Generators.codePointLength(afterA), () -> "cursor " + p + ": " + context);
    }

    /**
     * Reads arbitrary bytes as UTF-8 {@code document\njson}. Invalid JSON operations must fail
     * with {@link InvalidOperationException} only, and an operation that does not fit the
     * document must change nothing: not the rope, not a sequencer's text or version.
     */
    @FuzzTest(maxDuration = "5m")
    void arbitraryJson(FuzzedDataProvider data) {
        String input = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        int newline = input.indexOf('\n');
        String doc = newline < 0 ? "" : input.substring(0, newline);
        String json = input.substring(newline + 1);
        Object tree;
        try {
            tree = MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return;
        }
        TextOperation op;
        try {
            op = OperationJson.fromTree(tree);
        } catch (InvalidOperationException e) {
            return;
        }
        String context = new Scenario(doc, List.of(op)).toString();
        assertEquals(op, OperationJson.fromTree(OperationJson.toTree(op)), () -> "JSON: " + context);

        Rope rope = Rope.of(doc);
        String after = applyOrNull(op, doc);
        Rope ropeAfter = applyOrNull(op, rope);
        assertEquals(doc, rope.toString(), () -> "apply changed its rope: " + context);
        assertEquals(after, ropeAfter == null ? null : ropeAfter.toString(), () -> "String and Rope apply: " + context);

        Sequencer sequencer = Sequencer.create(doc);
        try {
            sequencer.submit(new Submission("fuzz", 1, 0, op));
            assertEquals(after, sequencer.text().toString(), () -> "sequencer: " + context);
        } catch (SubmitException e) {
            assertEquals(SubmitException.Reason.INVALID_OP, e.reason(), () -> "sequencer: " + context);
            assertEquals(null, after, () -> "sequencer refused a valid op: " + context);
            assertEquals(doc, sequencer.text().toString(), () -> "refused op changed the text: " + context);
            assertEquals(0, sequencer.version(), () -> "refused op changed the version: " + context);
        }
        if (after != null) {
            assertEquals(doc, op.invert(doc).apply(after), () -> "invert: " + context);
            assertEquals(TextOperation.transform(op, op, Side.RIGHT).apply(after),
                    TextOperation.transform(op, op, Side.LEFT).apply(after), () -> "TP1 with itself: " + context);
        }
    }

    private static String applyOrNull(TextOperation op, String doc) {
        try {
            return op.apply(doc);
        } catch (InvalidOperationException e) {
            return null;
        }
    }

    private static Rope applyOrNull(TextOperation op, Rope doc) {
        try {
            return op.apply(doc);
        } catch (InvalidOperationException e) {
            return null;
        }
    }

    /** Up to 24 code points: mostly from the generators' alphabets, now and then anywhere in Unicode. */
    private static String document(FuzzedDataProvider data) {
        return text(data, data.consumeInt(0, 24));
    }

    private static String text(FuzzedDataProvider data, int length) {
        List<String> alphabet = Generators.allCodePoints();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (data.consumeInt(0, 7) > 0) {
                text.append(alphabet.get(data.consumeInt(0, alphabet.size() - 1)));
            } else {
                int codePoint = data.consumeInt(0, Character.MAX_CODE_POINT);
                boolean surrogate = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
                text.appendCodePoint(surrogate ? 0xFFFD : codePoint);
            }
        }
        return text.toString();
    }

    /** A valid operation for {@code doc}, in the shape {@link Generators#operationsFor} makes. */
    private static TextOperation operation(FuzzedDataProvider data, String doc) {
        int length = Generators.codePointLength(doc);
        TextOperation.Builder op = TextOperation.builder();
        int position = 0;
        for (int n = data.consumeInt(1, 8), i = 0; i < n; i++) {
            int kind = data.consumeInt(0, 2);
            int remaining = length - position;
            if (kind == 1 || remaining == 0) {
                op.insert(text(data, data.consumeInt(1, 4)));
            } else {
                int k = data.consumeInt(1, remaining);
                if (kind == 0) {
                    op.retain(k);
                } else if (data.consumeBoolean()) {
                    op.delete(Generators.slice(doc, position, position + k));
                } else {
                    op.delete(k);
                }
                position += k;
            }
        }
        return op.build();
    }
}
