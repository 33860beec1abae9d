package dev.weft.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Documents of the fault suite are sequences of unique tokens such as {@code <c2n17😅>}. Users
 * only insert new whole tokens at token boundaries and delete whole tokens, and transform never
 * splits an insert, so every committed text stays a sequence of whole tokens: a lost edit is a
 * missing token, a doubled edit a token seen twice (docs/testing.md explains the argument).
 */
final class Tokens {
    private static final String[] DECORATIONS = {"", "😅", "ü", "𝄞", "漢", "", "🤖"};

    private Tokens() {}

    /** The {@code n}-th token of {@code author}; some carry astral characters (two UTF-16 units, one position). */
    static String create(String author, long n) {
        return "<" + author + "n" + n + DECORATIONS[(int) (n % DECORATIONS.length)] + ">";
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
                throw new AssertionError("text is not a sequence of whole tokens at UTF-16 index " + start
                        + ": " + abbreviate(text.substring(start)));
            }
            tokens.add(text.substring(start, end + 1));
            start = end + 1;
        }
        return tokens;
    }

    /** The tokens an operation in ot-text-unicode JSON form inserts, in order. */
    static List<String> inserted(JsonNode op) {
        List<String> tokens = new ArrayList<>();
        for (JsonNode component : op) {
            if (component.isTextual()) {
                tokens.addAll(parse(component.textValue()));
            }
        }
        return tokens;
    }

    static int length(String token) {
        return token.codePointCount(0, token.length());
    }

    static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
