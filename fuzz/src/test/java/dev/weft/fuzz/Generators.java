package dev.weft.fuzz;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.weft.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators for documents and operations. Every value is drawn from the
 * {@link RandomnessSource} through QuickTheories' own generators, so a failing example shrinks
 * (shorter documents, fewer components, earlier alphabets) and the run prints its seed.
 */
final class Generators {
    private Generators() {}

    /** The alphabets a document is drawn from; the first is where shrinking heads. */
    enum Alphabet {
        ASCII("a", "b", "c", "x", "y", "z", "0", "1", " ", "\n", "-", "\""),
        MULTILINGUAL("ü", "ß", "漢", "字", "Ж", "д", "я", "é", "ñ", "中"),
        EMOJI("😅", "🤖", "👻", "🤟", "𝄞"),
        MIXED(Stream.of(ASCII, MULTILINGUAL, EMOJI).flatMap(a -> a.codePoints.stream()).toArray(String[]::new));

        final List<String> codePoints;

        Alphabet(String... codePoints) {
            this.codePoints = List.of(codePoints);
        }
    }

    /** Every code point some generator may produce. */
    static List<String> allCodePoints() {
        return Alphabet.MIXED.codePoints;
    }

    /** Documents of 0 to 24 code points from one alphabet, now and then empty or 200 long. */
    static Gen<String> documents() {
        Gen<Integer> lengths = Generate.frequency(List.of(
                pair(8, integers().between(0, 24)),
                pair(1, Generate.constant(0)),
                pair(1, integers().between(25, 200))));
        Gen<Alphabet> alphabets = Generate.enumValues(Alphabet.class);
        return in -> text(alphabets.generate(in), lengths.generate(in), in);
    }

    /** Inserted text: 1 to 4 code points of any alphabet, emoji included. */
    static Gen<String> insertTexts() {
        Gen<Integer> lengths = integers().between(1, 4);
        Gen<Alphabet> alphabets = Generate.enumValues(Alphabet.class);
        return in -> text(alphabets.generate(in), lengths.generate(in), in);
    }

    private static String text(Alphabet alphabet, int length, RandomnessSource in) {
        Gen<String> codePoints = Generate.pick(alphabet.codePoints);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(codePoints.generate(in));
        }
        return out.toString();
    }

    /**
     * Valid operations for {@code document}: one to six retains, inserts and deletes in any order.
     * A delete carries the real deleted text or no text, at random.
     */
    static Gen<TextOperation> operationsFor(String document) {
        Gen<Integer> steps = integers().between(1, 6);
        Gen<Integer> kinds = integers().between(0, 2);
        Gen<Boolean> carriesText = booleans().all();
        Gen<String> inserts = insertTexts();
        return in -> {
            int length = codePointLength(document);
            TextOperation.Builder op = TextOperation.builder();
            int position = 0;
            for (int n = steps.generate(in), i = 0; i < n; i++) {
                int kind = kinds.generate(in);
                int remaining = length - position;
                if (kind == 1 || remaining == 0) {
                    op.insert(inserts.generate(in));
                } else if (kind == 0) {
                    int k = integers().between(1, remaining).generate(in);
                    op.retain(k);
                    position += k;
                } else {
                    int k = integers().between(1, Math.min(remaining, 6)).generate(in);
                    if (carriesText.generate(in)) {
                        op.delete(slice(document, position, position + k));
                    } else {
                        op.delete(k);
                    }
                    position += k;
                }
            }
            return op.build();
        };
    }

    /** A document and {@code count} operations made concurrently against it. */
    static Gen<Scenario> concurrent(int count) {
        Gen<String> documents = documents();
        return in -> {
            String document = documents.generate(in);
            List<TextOperation> ops = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ops.add(operationsFor(document).generate(in));
            }
            return new Scenario(document, ops);
        };
    }

    /** A document and {@code count} operations applied one after the other, each made for the result of the last. */
    static Gen<Scenario> sequential(int count) {
        Gen<String> documents = documents();
        return in -> {
            String document = documents.generate(in);
            List<TextOperation> ops = new ArrayList<>();
            String current = document;
            for (int i = 0; i < count; i++) {
                TextOperation op = operationsFor(current).generate(in);
                ops.add(op);
                current = op.apply(current);
            }
            return new Scenario(document, ops);
        };
    }

    /** Operations a and b applied in turn to the document, and c made concurrently with a against it. */
    static Gen<Scenario> sequenceAndConcurrent() {
        Gen<Scenario> sequences = sequential(2);
        return in -> {
            Scenario sequence = sequences.generate(in);
            TextOperation c = operationsFor(sequence.doc()).generate(in);
            return new Scenario(sequence.doc(), List.of(sequence.a(), sequence.b(), c));
        };
    }

    /** The code points of {@code text} from {@code from} (inclusive) to {@code to} (exclusive). */
    static String slice(String text, int from, int to) {
        int start = text.offsetByCodePoints(0, from);
        return text.substring(start, text.offsetByCodePoints(start, to - from));
    }

    static int codePointLength(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Renders a document as a JSON string literal, for failure messages. */
    static String json(String text) {
        return text.codePoints()
                .mapToObj(Generators::jsonChar)
                .collect(Collectors.joining("", "\"", "\""));
    }

    private static String jsonChar(int codePoint) {
        return switch (codePoint) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            default -> codePoint < 0x20 ? String.format("\\u%04x", codePoint) : Character.toString(codePoint);
        };
    }

    private static <T> Pair<Integer, Gen<T>> pair(int weight, Gen<T> gen) {
        return Pair.of(weight, gen);
    }
}
