package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;

/**
 * {@link TextOperation#apply}: every component is checked against the document before anything
 * is built, so a bad operation fails with a precise message and changes nothing.
 */
final class Applier {
    private Applier() {}

    static String apply(TextOperation op, String document) {
        if (op.isNoop()) {
            return document;
        }
        int documentLength = document.codePointCount(0, document.length());
        StringBuilder out = new StringBuilder(document.length() + Math.max(0, op.lengthDelta()) * 2);
        int position = 0;
        int index = 0;
        for (Component c : op.componentArray()) {
            if (c instanceof Insert i) {
                out.append(i.text());
                continue;
            }
            checkFits(c, position, documentLength);
            int end = document.offsetByCodePoints(index, c.length());
            if (c instanceof Retain) {
                out.append(document, index, end);
            } else {
                Delete d = (Delete) c;
                if (d.hasText() && !document.regionMatches(index, d.text(), 0, d.text().length())) {
                    throw mismatch(d, position, document.substring(index, end), documentLength);
                }
            }
            index = end;
            position += c.length();
        }
        return out.append(document, index, document.length()).toString();
    }

    static Rope apply(TextOperation op, Rope document) {
        if (op.isNoop()) {
            return document;
        }
        int documentLength = document.length();
        check(op, document, documentLength);
        Rope out = document;
        int position = 0;
        for (Component c : op.componentArray()) {
            if (c instanceof Retain) {
                position += c.length();
            } else if (c instanceof Insert i) {
                out = out.insert(position, i.text());
                position += i.length();
            } else {
                out = out.delete(position, c.length());
            }
        }
        return out;
    }

    /** Validates {@code op} against the rope before any edit, so a failure leaves no partial work. */
    private static void check(TextOperation op, Rope document, int documentLength) {
        if (op.baseLength() <= documentLength && !op.componentsCarryText()) {
            return;
        }
        int position = 0;
        for (Component c : op.componentArray()) {
            if (c instanceof Insert) {
                continue;
            }
            checkFits(c, position, documentLength);
            if (c instanceof Delete d && d.hasText() && !document.regionMatches(position, d.text())) {
                throw mismatch(d, position, document.slice(position, position + d.length()), documentLength);
            }
            position += c.length();
        }
    }

    private static void checkFits(Component c, int position, int documentLength) {
        if (position + (long) c.length() > documentLength) {
            String kind = c instanceof Retain ? "retain " : "delete ";
            throw new InvalidOperationException(
                    kind + c.length() + " at position " + position + " runs past the end of a "
                            + documentLength + "-code-point document");
        }
    }

    private static InvalidOperationException mismatch(Delete d, int position, String actual, int documentLength) {
        return new InvalidOperationException(
                "delete " + TextOperation.describe(d) + " at position " + position
                        + " does not match the document text " + Texts.quote(actual)
                        + " (document length " + documentLength + ")");
    }
}
