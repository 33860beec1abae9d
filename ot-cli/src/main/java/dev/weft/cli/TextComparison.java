package dev.weft.cli;

import java.util.Locale;

/** Where two texts first differ, in code points, described for people. */
final class TextComparison {
    private static final int CONTEXT = 20;

    private TextComparison() {}

    /** The first code point index at which the texts differ, or -1 if they are equal. */
    static long firstDifference(String expected, String actual) {
        int i = 0;
        long codePoint = 0;
        int common = Math.min(expected.length(), actual.length());
        while (i < common) {
            int a = expected.codePointAt(i);
            if (a != actual.codePointAt(i)) {
                return codePoint;
            }
            i += Character.charCount(a);
            codePoint++;
        }
        return expected.length() == actual.length() ? -1 : codePoint;
    }

    /**
     * {@code null} if the texts are equal; otherwise a sentence naming the first differing code
     * point and showing a little of each text from there: "differs from endContent at code point
     * 1,204: expected "abc" but got "abd"".
     */
    static String describeDifference(String expected, String actual, String expectedName) {
        long at = firstDifference(expected, actual);
        if (at < 0) {
            return null;
        }
        return String.format(Locale.ROOT, "differs from %s at code point %,d (of %,d expected, %,d replayed): "
                        + "expected %s but got %s", expectedName, at, codePoints(expected), codePoints(actual),
                excerpt(expected, at), excerpt(actual, at));
    }

    private static long codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Up to {@link #CONTEXT} code points from {@code codePoint} on, quoted, control characters escaped. */
    private static String excerpt(String text, long codePoint) {
        int from = text.offsetByCodePoints(0, (int) Math.min(codePoint, codePoints(text)));
        if (from == text.length()) {
            return "the end of the text";
        }
        StringBuilder quoted = new StringBuilder("\"");
        int i = from;
        for (int n = 0; n < CONTEXT && i < text.length(); n++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (Character.isISOControl(c)) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        }
        return quoted.append(i < text.length() ? "...\"" : "\"").toString();
    }
}
