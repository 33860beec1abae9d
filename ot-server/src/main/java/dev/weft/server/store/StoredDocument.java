package dev.weft.server.store;

import dev.weft.ot.CommittedOp;
import java.util.List;

/**
 * A document as {@link DocumentStore#load} returns it: the latest snapshot and every operation
 * committed after it. Replaying {@link #ops()} over {@link #snapshotText()} gives the document at
 * {@link #version()}; {@link dev.weft.ot.Sequencer#open} does exactly that.
 *
 * @param id the document's id
 * @param oldestVersion the oldest base version whose following operations the store keeps
 * @param snapshotVersion the version of {@code snapshotText}; 0 when no snapshot was saved
 * @param snapshotText the document at {@code snapshotVersion}; empty when no snapshot was saved
 * @param ops the operations committed after the snapshot, versions {@code snapshotVersion + 1}
 *     onwards without a gap
 */
public record StoredDocument(String id, long oldestVersion, long snapshotVersion, String snapshotText,
                             List<CommittedOp> ops) {
    /** Checks that the operations follow the snapshot without a gap. */
    public StoredDocument {
        Checks.documentId(id);
        Checks.version("oldest version", oldestVersion);
        Checks.version("snapshot version", snapshotVersion);
        if (snapshotVersion < oldestVersion) {
            throw new IllegalArgumentException("snapshot version " + snapshotVersion
                    + " is older than the oldest kept version " + oldestVersion);
        }
        if (snapshotText == null) {
            throw new IllegalArgumentException("snapshot text must not be null");
        }
        ops = List.copyOf(ops);
        for (int i = 0; i < ops.size(); i++) {
            long expected = snapshotVersion + 1 + i;
            if (ops.get(i).version() != expected) {
                throw new IllegalArgumentException("operation " + i + " after snapshot version " + snapshotVersion
                        + " has version " + ops.get(i).version() + ", expected " + expected);
            }
        }
    }

    /** The latest version: the snapshot's plus the number of operations after it. */
    public long version() {
        return snapshotVersion + ops.size();
    }
}
