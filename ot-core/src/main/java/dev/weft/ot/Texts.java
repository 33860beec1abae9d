package dev.weft.ot;

/** Code-point arithmetic on Java strings, which index by UTF-16 unit. */
final class Texts {
    private Texts() {}

    /**
     * Counts the code points of {@code text}, rejecting an unpaired surrogate: an operation that
     * carried one could split a pair in the document.
     */
    static int codePointLength(String text, String what) {
        int n = text.length();
        int count = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    count--;
                } else {
                    throw new InvalidOperationException(
                            what + " has an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase()
                                    + " at UTF-16 index " + i);
                }
            }
        }
        return count;
    }

    /** The UTF-16 index that lies {@code codePoints} code points after {@code from}. */
    static int advance(String text, int from, int codePoints) {
        return text.offsetByCodePoints(from, codePoints);
    }

    /** Renders {@code text} as a JSON string literal, for messages and {@code toString}. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
