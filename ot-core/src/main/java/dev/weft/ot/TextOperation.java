package dev.weft.ot;

import dev.weft.ot.Component.Delete;
import dev.weft.ot.Component.Insert;
import dev.weft.ot.Component.Retain;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable edit of a plain-text document: a normalized list of retain, insert and delete
 * {@link Component components}, counted in Unicode code points.
 *
 * <p>The semantics are exactly those of the ot-text-unicode 4.0.0 npm package, so that a browser
 * or ShareDB client that uses it agrees with this engine op for op. The operation walks the
 * document from position 0; text after its last component is kept (there is an implicit trailing
 * retain), so one operation applies to every document at least {@link #baseLength()} long.
 *
 * <p>Normal form: no empty component, neighbours of one kind merged, no trailing retain. An insert
 * and a delete at one position are never reordered, because {@link #transform} breaks ties by
 * their order: {@code ["x", {"d": 1}]} and {@code [{"d": 1}, "x"]} are different operations.
 *
 * <p>Build one with {@link #builder()}, or with {@link #insert(int, String)} and
 * {@link #delete(int, int)} for a single edit.
 */
public final class TextOperation {
    private static final Component[] NO_COMPONENTS = new Component[0];
    private static final TextOperation NOOP = new TextOperation(NO_COMPONENTS, 0, 0);

    private final Component[] components;
    private final int baseLength;
    private final int lengthDelta;

    private TextOperation(Component[] components, int baseLength, int lengthDelta) {
        this.components = components;
        this.baseLength = baseLength;
        this.lengthDelta = lengthDelta;
    }

    /** Creates from components already in normal form; the caller hands over the array. */
    static TextOperation ofNormalized(Component[] components) {
        if (components.length == 0) {
            return NOOP;
        }
        long base = 0;
        long delta = 0;
        for (Component c : components) {
            if (c instanceof Retain) {
                base += c.length();
            } else if (c instanceof Insert) {
                delta += c.length();
            } else {
                base += c.length();
                delta -= c.length();
            }
        }
        return new TextOperation(components, checkedLength(base), (int) delta);
    }

    /**
     * Creates {@code [position, edit]} (just {@code [edit]} at position 0) for an insert or delete
     * whose effect on the lengths the caller has worked out: {@code baseLength} is
     * {@code position} plus the deleted length, {@code lengthDelta} the inserted length or minus
     * the deleted length.
     */
    static TextOperation ofEdit(int position, Component edit, int baseLength, int lengthDelta) {
        Component[] components = position == 0 ? new Component[] {edit} : new Component[] {new Retain(position), edit};
        return new TextOperation(components, baseLength, lengthDelta);
    }

    /** Creates from components in normal form whose lengths the caller has added up. */
    static TextOperation ofBuilt(Component[] components, long baseLength, long lengthDelta) {
        return components.length == 0 ? NOOP : new TextOperation(components, checkedLength(baseLength), (int) lengthDelta);
    }

    private static int checkedLength(long baseLength) {
        if (baseLength > Integer.MAX_VALUE) {
            throw new InvalidOperationException(
                    "operation spans " + baseLength + " code points, more than a document can hold");
        }
        return (int) baseLength;
    }

    /** The operation that changes nothing. */
    public static TextOperation noop() {
        return NOOP;
    }

    /** Returns a new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Inserts {@code text} at code point {@code position}. */
    public static TextOperation insert(int position, String text) {
        checkPosition(position);
        if (text == null || text.isEmpty()) {
            return builder().insert(text).build();
        }
        Insert insert = new Insert(text);
        return ofNormalized(position == 0 ? new Component[] {insert} : new Component[] {new Retain(position), insert});
    }

    /** Deletes {@code length} code points at {@code position}, without carrying their text. */
    public static TextOperation delete(int position, int length) {
        checkPosition(position);
        if (length <= 0) {
            return builder().delete(length).build();
        }
        Delete delete = new Delete(length, null);
        return ofNormalized(position == 0 ? new Component[] {delete} : new Component[] {new Retain(position), delete});
    }

    /** Deletes exactly {@code text} at {@code position}; the result is invertible. */
    public static TextOperation delete(int position, String text) {
        checkPosition(position);
        return builder().retain(position).delete(text).build();
    }

    /**
     * Deletes {@code deleteCount} code points at {@code position}, then inserts {@code text} there
     * (without carrying the deleted text): one edit of an editor, one patch of an editing trace. A
     * pure insert or pure delete is built as {@link #insert} and {@link #delete(int, int)} build it.
     */
    public static TextOperation replace(int position, int deleteCount, String text) {
        if (deleteCount == 0) {
            return insert(position, text);
        }
        if (text != null && text.isEmpty()) {
            return delete(position, deleteCount);
        }
        checkPosition(position);
        return builder().retain(position).delete(deleteCount).insert(text).build();
    }

    private static void checkPosition(int position) {
        if (position < 0) {
            throw new InvalidOperationException("position must not be negative, was " + position);
        }
    }

    /** The components in normal form, in order. */
    public List<Component> components() {
        return List.of(components);
    }

    /** The number of components. */
    public int size() {
        return components.length;
    }

    /** The component at {@code index}. */
    public Component component(int index) {
        return components[index];
    }

    Component[] componentArray() {
        return components;
    }

    /** The length of the shortest document this operation applies to: retained plus deleted code points. */
    public int baseLength() {
        return baseLength;
    }

    /** How this operation changes a document's length: inserted minus deleted code points. */
    public int lengthDelta() {
        return lengthDelta;
    }

    /** The length of a document of {@code documentLength} code points after this operation. */
    public int targetLength(int documentLength) {
        return documentLength + lengthDelta;
    }

    /** Whether this operation changes nothing (it has no components). */
    public boolean isNoop() {
        return components.length == 0;
    }

    /** Whether every delete carries its text, so that {@link #invert()} succeeds. */
    public boolean isInvertible() {
        for (Component c : components) {
            if (c instanceof Delete d && !d.hasText()) {
                return false;
            }
        }
        return true;
    }

    /** Whether some delete carries its text. */
    boolean componentsCarryText() {
        for (Component c : components) {
            if (c instanceof Delete d && d.hasText()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies this operation to {@code document}.
     *
     * @throws InvalidOperationException if a component runs past the end of the document or a
     *     delete's text differs from the document's; the message names the component and length
     */
    public String apply(String document) {
        return Applier.apply(this, document);
    }

    /**
     * Applies this operation to a rope, in O(components x log n): the document is never copied.
     *
     * @throws InvalidOperationException as {@link #apply(String)} does; the rope is immutable, so
     *     nothing has changed
     */
    public Rope apply(Rope document) {
        return Applier.apply(this, document);
    }

    /**
     * Returns the operation that has the effect of this one followed by {@code next}.
     *
     * <p>Law: {@code next.apply(this.apply(s)) == this.compose(next).apply(s)} for every document
     * {@code s} this operation applies to, and compose is associative.
     */
    public TextOperation compose(TextOperation next) {
        return Composer.compose(this, next);
    }

    /**
     * Transforms {@code op} so that it applies after {@code other}, where both were made against
     * the same document. {@code side} says whose insert goes first when both insert at one
     * position; the two calls of one pair take opposite sides.
     *
     * <p>Law (TP1): {@code apply(apply(s, a), transform(b, a, RIGHT)) == apply(apply(s, b),
     * transform(a, b, LEFT))}.
     */
    public static TextOperation transform(TextOperation op, TextOperation other, Side side) {
        return Transformer.transform(op, other, side);
    }

    /**
     * Returns the operation that undoes this one: inserts become deletes and deletes inserts.
     *
     * <p>Law: {@code invert().apply(apply(s)) == s}.
     *
     * @throws IllegalStateException if a delete does not carry its text; use
     *     {@link #invert(String)} with the document the operation was applied to
     */
    public TextOperation invert() {
        return Inverter.invert(this);
    }

    /** Inverts this operation, reading deleted text from {@code document}, the text it was applied to. */
    public TextOperation invert(String document) {
        return withDeletedText(document).invert();
    }

    /** Inverts this operation, reading deleted text from {@code document}, the text it was applied to. */
    public TextOperation invert(Rope document) {
        return withDeletedText(document).invert();
    }

    /** Returns this operation with every delete carrying the text it removes from {@code document}. */
    public TextOperation withDeletedText(String document) {
        return Inverter.withDeletedText(this, Rope.of(document));
    }

    /** Returns this operation with every delete carrying the text it removes from {@code document}. */
    public TextOperation withDeletedText(Rope document) {
        return Inverter.withDeletedText(this, document);
    }

    /** Returns this operation with the deleted text dropped from every delete. */
    public TextOperation withoutDeletedText() {
        return Inverter.withoutDeletedText(this);
    }

    /**
     * Moves a cursor at {@code position} through this operation, as ot-text-unicode does: text
     * inserted exactly at the cursor goes after it, and a cursor inside deleted text moves to the
     * start of the deletion.
     */
    public int transformPosition(int position) {
        return Cursors.transformPosition(position, this, CursorBias.BEFORE_INSERT);
    }

    /** Moves a cursor at {@code position} through this operation, with an explicit {@link CursorBias}. */
    public int transformPosition(int position, CursorBias bias) {
        return Cursors.transformPosition(position, this, bias);
    }

    /** Moves both ends of {@code selection} through this operation, as {@link #transformPosition(int)}. */
    public Selection transformSelection(Selection selection) {
        return transformSelection(selection, CursorBias.BEFORE_INSERT);
    }

    /** Moves both ends of {@code selection} through this operation with an explicit {@link CursorBias}. */
    public Selection transformSelection(Selection selection, CursorBias bias) {
        return new Selection(
                Cursors.transformPosition(selection.anchor(), this, bias),
                Cursors.transformPosition(selection.focus(), this, bias));
    }

    /** Equal when the components are equal; a delete with text differs from one without. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TextOperation other && Arrays.equals(components, other.components);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(components);
    }

    /** The JSON form, e.g. {@code [5, "hi", {"d": 3}]}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(describe(components[i]));
        }
        return out.append(']').toString();
    }

    static String describe(Component c) {
        if (c instanceof Retain r) {
            return Integer.toString(r.length());
        } else if (c instanceof Insert i) {
            return Texts.quote(i.text());
        }
        Delete d = (Delete) c;
        return "{\"d\": " + (d.hasText() ? Texts.quote(d.text()) : Integer.toString(d.length())) + "}";
    }

    /**
     * Builds a {@link TextOperation} in normal form: empty components are skipped, neighbours of
     * one kind are merged (two deletes keep their text only if both carry it), and a trailing
     * retain is dropped. A builder is not thread-safe; after {@link #build()} it is empty again.
     */
    public static final class Builder {
        private Component[] parts;
        private int size;
        /**
         * Code points of the retain at the end, not yet in {@link #parts}: a retain becomes a
         * component only when something follows it, so merged and trailing retains cost nothing.
         */
        private long pendingRetain;
        /** Retained plus deleted code points so far (pending retain included). */
        private long baseLength;
        /** Inserted minus deleted code points so far. */
        private long lengthDelta;

        Builder() {
            this(0);
        }

        /** A builder with room for {@code capacity} components before it grows. */
        Builder(int capacity) {
            parts = capacity == 0 ? NO_COMPONENTS : new Component[capacity];
        }

        /** Keeps the next {@code length} code points; zero adds nothing. */
        public Builder retain(int length) {
            if (length < 0) {
                throw new InvalidOperationException("retain length must not be negative, was " + length);
            }
            if (length > 0) {
                addRetain(length);
            }
            return this;
        }

        /** Inserts {@code text}; an empty string adds nothing. */
        public Builder insert(String text) {
            if (text == null) {
                throw new InvalidOperationException("insert text must not be null");
            }
            if (!text.isEmpty()) {
                addInsert(new Insert(text));
            }
            return this;
        }

        /** Deletes {@code length} code points without carrying their text; zero adds nothing. */
        public Builder delete(int length) {
            if (length < 0) {
                throw new InvalidOperationException("delete length must not be negative, was " + length);
            }
            if (length > 0) {
                addDelete(new Delete(length, null));
            }
            return this;
        }

        /** Deletes exactly {@code text}; an empty string adds nothing. */
        public Builder delete(String text) {
            if (text == null) {
                throw new InvalidOperationException("deleted text must not be null");
            }
            if (!text.isEmpty()) {
                addDelete(Component.delete(text));
            }
            return this;
        }

        /** Appends {@code component}, merging it with the last one when they are of one kind. */
        public Builder add(Component component) {
            if (component == null) {
                throw new InvalidOperationException("component must not be null");
            }
            if (component instanceof Retain r) {
                addRetain(r.length());
            } else if (component instanceof Insert i) {
                addInsert(i);
            } else {
                addDelete((Delete) component);
            }
            return this;
        }

        /** Appends a retain of a positive {@code length}. */
        void addRetain(int length) {
            long total = pendingRetain + length;
            if (total > Integer.MAX_VALUE) {
                throw tooLong(total);
            }
            pendingRetain = total;
            baseLength += length;
        }

        /** Appends {@code insert}, merging it into an insert just before it. */
        void addInsert(Insert insert) {
            if (pendingRetain > 0) {
                flushRetain();
            } else if (size > 0 && parts[size - 1] instanceof Insert last) {
                parts[size - 1] = merge(last, insert);
                lengthDelta += insert.length();
                return;
            }
            push(insert);
            lengthDelta += insert.length();
        }

        /** Appends {@code delete}, merging it into a delete just before it. */
        void addDelete(Delete delete) {
            if (pendingRetain > 0) {
                flushRetain();
            } else if (size > 0 && parts[size - 1] instanceof Delete last) {
                parts[size - 1] = merge(last, delete);
                baseLength += delete.length();
                lengthDelta -= delete.length();
                return;
            }
            push(delete);
            baseLength += delete.length();
            lengthDelta -= delete.length();
        }

        /** One insert of {@code first}'s text followed by {@code second}'s. */
        static Insert merge(Insert first, Insert second) {
            return new Insert(first.text().concat(second.text()), sum(first.length(), second.length()));
        }

        /** One delete of both; it carries text only if both do. */
        static Delete merge(Delete first, Delete second) {
            String text = first.hasText() && second.hasText() ? first.text().concat(second.text()) : null;
            return new Delete(sum(first.length(), second.length()), text);
        }

        /** Adds two lengths; a sum past {@code int} range is an invalid operation, not an overflow. */
        private static int sum(int a, int b) {
            long total = (long) a + b;
            if (total > Integer.MAX_VALUE) {
                throw tooLong(total);
            }
            return (int) total;
        }

        static InvalidOperationException tooLong(long length) {
            return new InvalidOperationException(
                    "component of " + length + " code points is longer than a document can be");
        }

        private void flushRetain() {
            push(new Retain((int) pendingRetain));
            pendingRetain = 0;
        }

        private void push(Component component) {
            if (size == parts.length) {
                parts = Arrays.copyOf(parts, Math.max(4, size * 2));
            }
            parts[size++] = component;
        }

        /** Returns the operation, without a trailing retain; the builder is empty again afterwards. */
        public TextOperation build() {
            int n = size;
            Component[] result = n == parts.length ? parts : Arrays.copyOf(parts, n);
            long base = baseLength - pendingRetain;
            long delta = lengthDelta;
            parts = NO_COMPONENTS;
            size = 0;
            pendingRetain = 0;
            baseLength = 0;
            lengthDelta = 0;
            if (n == 0) {
                return NOOP;
            }
            return new TextOperation(result, checkedLength(base), (int) delta);
        }
    }
}
