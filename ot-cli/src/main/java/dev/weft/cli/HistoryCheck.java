package dev.weft.cli;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.InvalidOperationException;
import dev.weft.ot.Rope;
import dev.weft.server.store.DocumentSummary;
import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoreException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code weft inspect}'s check of one stored document: its whole history, replayed from the base
 * snapshot (or the empty text), must give each later snapshot's text at that snapshot's version,
 * and end at the version and length the document records.
 */
final class HistoryCheck {
    /** Operations read from the store at a time. */
    private static final int PAGE = 10_000;

    private final SqliteDocumentStore store;
    private final DocumentSummary document;
    private final Deque<DataDirectory.StoredSnapshot> snapshots;
    private Rope text = Rope.empty();
    private long version;

    private HistoryCheck(DataDirectory data, DocumentSummary document) {
        this.store = data.store();
        this.document = document;
        this.snapshots = new ArrayDeque<>(data.snapshots(document.id()));
    }

    /** Null if the document's history, snapshots and summary agree; otherwise the first disagreement. */
    static String problem(DataDirectory data, DocumentSummary document) {
        try {
            return new HistoryCheck(data, document).replay();
        } catch (StoreException e) {
            return e.getMessage(); // for instance a stored operation that is not valid JSON
        }
    }

    private String replay() {
        String id = document.id();
        version = store.oldestVersion(id);
        DataDirectory.StoredSnapshot base = snapshots.peekFirst();
        if (base != null && base.version() == version) {
            text = Rope.of(base.text());
            snapshots.removeFirst();
        } else if (version > 0) {
            return "its history starts at version " + version + " but there is no snapshot there";
        }
        for (List<CommittedOp> page = store.ops(id, version, version + PAGE); !page.isEmpty();
                page = store.ops(id, version, version + PAGE)) {
            for (CommittedOp entry : page) {
                String problem = apply(entry);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return summaryProblem();
    }

    /** Applies one committed operation, then compares the snapshot at its version, if there is one. */
    private String apply(CommittedOp entry) {
        try {
            text = entry.op().apply(text);
        } catch (InvalidOperationException e) {
            return "the op at version " + entry.version() + " does not fit the document: " + e.getMessage();
        }
        version = entry.version();
        DataDirectory.StoredSnapshot snapshot = snapshots.peekFirst();
        if (snapshot == null || snapshot.version() != version) {
            return null;
        }
        snapshots.removeFirst();
        String difference = TextComparison.describeDifference(text.toString(), snapshot.text(), "the history replayed");
        return difference == null ? null : "the snapshot at version " + version + " " + difference;
    }

    private String summaryProblem() {
        if (!snapshots.isEmpty()) {
            return "a snapshot at version " + snapshots.peekFirst().version()
                    + " lies beyond the history, which ends at version " + version;
        }
        if (version != document.version()) {
            return "the history ends at version " + version + " but the document records version " + document.version();
        }
        if (text.length() != document.length()) {
            return "the history replayed is " + text.length() + " code points long but the document records "
                    + document.length();
        }
        return null;
    }
}
