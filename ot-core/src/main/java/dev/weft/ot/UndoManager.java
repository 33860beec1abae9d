package dev.weft.ot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Undo and redo of one client's own edits, with ot.js's semantics: each stack entry is the
 * inverse of an edit, both stacks are transformed through every remote operation, and an entry
 * that a remote operation makes empty is dropped. Consecutive typing (or deleting) is grouped
 * into one entry, so one undo takes back a word rather than a keystroke.
 *
 * <p>Use it beside an {@link OtClient}: record each local edit with the text it was applied to,
 * transform by each operation {@link OtClient#receiveRemote} returns, and apply what
 * {@link #undo()} and {@link #redo()} return with {@link OtClient#applyLocal}, which sends it as
 * a normal edit. Do not {@code record} those: the manager has already put their inverses on the
 * other stack.
 *
 * <pre>{@code
 * Rope before = client.text();
 * client.applyLocal(op);
 * undo.record(op, before, nowMillis);
 * ...
 * undo.transform(client.receive(committed));
 * ...
 * if (undo.canUndo()) client.applyLocal(undo.undo());
 * }</pre>
 *
 * <p>The manager never reads the clock: the caller passes the time of each edit. Not
 * thread-safe.
 */
public final class UndoManager {
    private static final int DEFAULT_CAPACITY = 50;
    private static final Duration DEFAULT_GROUPING_WINDOW = Duration.ofMillis(500);

    private final int capacity;
    private final long groupingWindowMillis;
    /** Newest entry last; each entry applies to the document the one after it produced. */
    private Deque<TextOperation> undoStack = new ArrayDeque<>();
    private Deque<TextOperation> redoStack = new ArrayDeque<>();
    private long lastEditMillis;
    /** False when the top entry came from an undo or redo, or there is none: never group into it. */
    private boolean topIsEdit;

    /** A manager that keeps 50 entries, as ot.js does, and groups edits less than 500 ms apart. */
    public UndoManager() {
        this(DEFAULT_CAPACITY, DEFAULT_GROUPING_WINDOW);
    }

    /**
     * A manager that keeps at most {@code capacity} undo entries (the oldest is dropped) and
     * groups adjacent edits at most {@code groupingWindow} apart.
     */
    public UndoManager(int capacity, Duration groupingWindow) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (groupingWindow == null || groupingWindow.isNegative()) {
            throw new IllegalArgumentException("grouping window must not be negative, was " + groupingWindow);
        }
        this.capacity = capacity;
        this.groupingWindowMillis = groupingWindow.toMillis();
    }

    /**
     * Records a local edit made at {@code timeMillis}. It joins the top entry when the previous
     * edit was recorded at most the grouping window earlier and the two are one run of typing
     * (each insert right after the last) or of deleting (backspace or the delete key). Clears the
     * redo stack; a no-op is ignored.
     *
     * @param documentBefore the local text {@code op} was applied to, for the deleted text
     */
    public void record(TextOperation op, Rope documentBefore, long timeMillis) {
        if (op == null || documentBefore == null) {
            throw new IllegalArgumentException("operation and document must not be null");
        }
        if (op.isNoop()) {
            return;
        }
        TextOperation inverse = op.invert(documentBefore);
        boolean inWindow = timeMillis >= lastEditMillis && timeMillis - lastEditMillis <= groupingWindowMillis;
        boolean group = inWindow && topIsEdit && EditRun.continues(inverse, undoStack.peekLast());
        lastEditMillis = timeMillis;
        push(inverse, group);
    }

    /**
     * Records a local edit, joining it to the top entry when {@code group} is true (unless that
     * entry came from an undo or redo). Clears the redo stack; a no-op is ignored.
     *
     * @param documentBefore the local text {@code op} was applied to, for the deleted text
     */
    public void record(TextOperation op, Rope documentBefore, boolean group) {
        if (op == null || documentBefore == null) {
            throw new IllegalArgumentException("operation and document must not be null");
        }
        if (op.isNoop()) {
            return;
        }
        push(op.invert(documentBefore), group && topIsEdit);
    }

    private void push(TextOperation inverse, boolean group) {
        redoStack.clear();
        if (group && !undoStack.isEmpty()) {
            // The newer inverse runs first: undo takes back the latest edit, then the earlier.
            TextOperation joined = inverse.compose(undoStack.removeLast());
            if (joined.isNoop()) {
                // Typed and deleted again: nothing to undo, and the entry below is not this run.
                topIsEdit = false;
                return;
            }
            undoStack.addLast(joined);
        } else {
            undoStack.addLast(inverse);
            if (undoStack.size() > capacity) {
                undoStack.removeFirst();
            }
        }
        topIsEdit = true;
    }

    /**
     * Transforms both stacks through a remote operation, as applied to the local text (what
     * {@link OtClient#receiveRemote} returns), newest entry first. Entries it empties are dropped.
     */
    public void transform(TextOperation remote) {
        if (remote == null) {
            throw new IllegalArgumentException("operation must not be null");
        }
        if (remote.isNoop()) {
            return;
        }
        undoStack = transformStack(undoStack, remote);
        redoStack = transformStack(redoStack, remote);
    }

    /**
     * The entry meets the remote operation on the document it applies to; the remote operation,
     * transformed over the entry, then meets the next older entry on its document. The entry
     * takes {@link Side#LEFT}, as in ot.js, where the first operation's insert wins a tie.
     */
    private static Deque<TextOperation> transformStack(Deque<TextOperation> stack, TextOperation remote) {
        Deque<TextOperation> out = new ArrayDeque<>(stack.size());
        TextOperation other = remote;
        for (Iterator<TextOperation> it = stack.descendingIterator(); it.hasNext(); ) {
            TextOperation entry = it.next();
            TextOperation moved = TextOperation.transform(entry, other, Side.LEFT);
            other = TextOperation.transform(other, entry, Side.RIGHT);
            if (!moved.isNoop()) {
                out.addFirst(moved);
            }
        }
        return out;
    }

    /** Whether {@link #undo()} has an entry to return. */
    public boolean canUndo() {
        return !undoStack.isEmpty();
    }

    /** Whether {@link #redo()} has an entry to return. */
    public boolean canRedo() {
        return !redoStack.isEmpty();
    }

    /** The number of undo entries (after grouping). */
    public int undoDepth() {
        return undoStack.size();
    }

    /** The number of redo entries. */
    public int redoDepth() {
        return redoStack.size();
    }

    /**
     * Takes the newest undo entry and puts its inverse on the redo stack.
     *
     * @return the operation to apply to the current local text (with {@link OtClient#applyLocal})
     * @throws IllegalStateException if there is nothing to undo
     */
    public TextOperation undo() {
        if (undoStack.isEmpty()) {
            throw new IllegalStateException("nothing to undo");
        }
        TextOperation entry = undoStack.removeLast();
        redoStack.addLast(entry.invert());
        topIsEdit = false;
        return entry;
    }

    /**
     * Takes the newest redo entry and puts its inverse on the undo stack.
     *
     * @return the operation to apply to the current local text (with {@link OtClient#applyLocal})
     * @throws IllegalStateException if there is nothing to redo
     */
    public TextOperation redo() {
        if (redoStack.isEmpty()) {
            throw new IllegalStateException("nothing to redo");
        }
        TextOperation entry = redoStack.removeLast();
        undoStack.addLast(entry.invert());
        if (undoStack.size() > capacity) {
            undoStack.removeFirst();
        }
        topIsEdit = false;
        return entry;
    }

    /** Forgets both stacks, e.g. after the document was reloaded. */
    public void clear() {
        undoStack.clear();
        redoStack.clear();
        topIsEdit = false;
    }
}
