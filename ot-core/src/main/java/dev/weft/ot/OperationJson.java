package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link TextOperation}, exactly ot-text-unicode's: a number is a retain, a
 * string an insert, {@code {"d": n}} or {@code {"d": "text"}} a delete. Example:
 * {@code [5, "hi", {"d": 3}]}.
 *
 * <p>Reading normalizes, as ShareDB does before it applies an op: adjacent components of one kind
 * are merged and a trailing retain dropped. Anything else that is not a valid component (zero or
 * negative lengths, fractions, empty strings, unknown keys) is rejected with a message naming the
 * component's index.
 */
public final class OperationJson {
    private OperationJson() {}

    /** The operation as a tree of plain values (a list of Integer, String and {@code Map}). */
    public static List<Object> toTree(TextOperation op) {
        List<Object> tree = new ArrayList<>(op.size());
        for (Component c : op.componentArray()) {
            if (c instanceof Retain r) {
                tree.add(r.length());
            } else if (c instanceof Insert i) {
                tree.add(i.text());
            } else {
                Delete d = (Delete) c;
                tree.add(Map.of("d", d.hasText() ? d.text() : (Object) d.length()));
            }
        }
        return tree;
    }

    /**
     * Reads an operation from a tree of plain values.
     *
     * @throws InvalidOperationException if the tree is not a valid operation
     */
    public static TextOperation fromTree(Object tree) {
        if (!(tree instanceof List<?> list)) {
            throw new InvalidOperationException("an operation must be a JSON array, was " + describe(tree));
        }
        TextOperation.Builder builder = TextOperation.builder();
        for (int i = 0; i < list.size(); i++) {
            builder.add(component(list.get(i), i));
        }
        return builder.build();
    }

    /** Writes the operation as JSON text with {@code codec}. */
    public static String write(TextOperation op, JsonCodec codec) {
        return codec.write(toTree(op));
    }

    /**
     * Reads an operation from JSON text with {@code codec}.
     *
     * @throws InvalidOperationException if the text is not JSON or not a valid operation
     */
    public static TextOperation read(String json, JsonCodec codec) {
        Object tree;
        try {
            tree = codec.read(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidOperationException("an operation must be well-formed JSON: " + e.getMessage());
        }
        return fromTree(tree);
    }

    private static Component component(Object value, int index) {
        try {
            if (value instanceof Number n) {
                return new Retain(positiveInt(n, "retain"));
            } else if (value instanceof String s) {
                return new Insert(s);
            } else if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("d")) {
                Object d = map.get("d");
                if (d instanceof Number n) {
                    return new Delete(positiveInt(n, "delete"), null);
                } else if (d instanceof String s) {
                    if (s.isEmpty()) {
                        throw new InvalidOperationException("deleted text must not be empty");
                    }
                    return Component.delete(s);
                }
                throw new InvalidOperationException("a delete's \"d\" must be a number or a string, was " + describe(d));
            }
            throw new InvalidOperationException(
                    "expected a number (retain), a string (insert) or {\"d\": ...} (delete), was " + describe(value));
        } catch (InvalidOperationException e) {
            throw new InvalidOperationException("component " + index + " of the operation: " + e.getMessage());
        }
    }

    private static int positiveInt(Number n, String kind) {
        boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger
                || (n instanceof BigDecimal b && b.stripTrailingZeros().scale() <= 0)
                || ((n instanceof Double || n instanceof Float) && n.doubleValue() == Math.rint(n.doubleValue()));
        if (!integral || n.doubleValue() <= 0 || n.doubleValue() > Integer.MAX_VALUE) {
            throw new InvalidOperationException(kind + " length must be a positive integer, was " + n);
        }
        return n.intValue();
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        return (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                + " (" + value.getClass().getSimpleName() + ")";
    }
}
