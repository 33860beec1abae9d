package dev.weft.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The text of a simulated document: a sequence of unique tokens such as {@code <b7😅ü>}. Tokens
 * let the simulation check what every edit did to the converged text, because edits only ever
 * insert whole tokens at token boundaries and delete whole tokens (see {@link NetworkSimulation}).
 */
final class Tokens {
    private static final String[] DECORATIONS = {"😅", "🤖", "👻", "🤟", "ü", "漢字", "ß", "Жд", "é", "𝄞"};

    private Tokens() {}

    /** A new token for {@code author}'s {@code n}-th edit, decorated with emoji or other scripts. */
    static String create(String author, int n, Random random) {
        return "<" + author + n + DECORATIONS[random.nextInt(DECORATIONS.length)] + ">";
    }

    /**
     * Splits {@code text} into its tokens.
     *
     * @throws AssertionError if {@code text} is not a concatenation of whole tokens
     */
    static List<String> parse(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('>', start);
            int nextOpen = text.indexOf('<', start + 1);
            if (text.charAt(start) != '<' || end < 0 || (nextOpen >= 0 && nextOpen < end)) {
                throw new AssertionError("text is not a sequence of whole tokens at UTF-16 index " + start + ": "
                        + Generators.json(text));
            }
            tokens.add(text.substring(start, end + 1));
            start = end + 1;
        }
        return tokens;
    }

    /** The length of {@code token} in code points, the unit of every operation. */
    static int length(String token) {
        return token.codePointCount(0, token.length());
    }
}
