package dev.weft.ot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link OpHistory} kept in memory: the sequencer's default, and what tests and simulations
 * use. It keeps every operation it was given. Not thread-safe: confine it to the thread that runs
 * the document's sequencer.
 */
public final class InMemoryHistory implements OpHistory {
    private final long oldestVersion;
    private final List<CommittedOp> ops = new ArrayList<>();
    private final Map<String, Map<Long, CommittedOp>> byAuthor = new HashMap<>();
    private final Map<String, Long> lastSeqs = new HashMap<>();

    /** An empty history of a new document, at version 0. */
    public InMemoryHistory() {
        this(0);
    }

    private InMemoryHistory(long oldestVersion) {
        this.oldestVersion = oldestVersion;
    }

    /**
     * An empty history that begins at {@code version}, as for a document restored from a
     * snapshot whose older operations are gone: an operation based on an older version cannot be
     * rebased, and a resubmission of an older operation is not recognized.
     */
    public static InMemoryHistory startingAt(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("history start version must not be negative, was " + version);
        }
        return new InMemoryHistory(version);
    }

    @Override
    public long version() {
        return oldestVersion + ops.size();
    }

    @Override
    public long oldestVersion() {
        return oldestVersion;
    }

    @Override
    public List<CommittedOp> opsSince(long version) {
        if (version < oldestVersion || version > version()) {
            throw new IllegalArgumentException(
                    "ops since version " + version + " are not available: the history holds versions "
                            + (oldestVersion + 1) + " to " + version());
        }
        return List.copyOf(ops.subList((int) (version - oldestVersion), ops.size()));
    }

    @Override
    public Optional<CommittedOp> find(String clientId, long seq) {
        return Optional.ofNullable(byAuthor.getOrDefault(clientId, Map.of()).get(seq));
    }

    @Override
    public long lastSeq(String clientId) {
        return lastSeqs.getOrDefault(clientId, 0L);
    }

    @Override
    public boolean append(CommittedOp entry) {
        if (entry.version() != version() + 1) {
            return false;
        }
        ops.add(entry);
        byAuthor.computeIfAbsent(entry.clientId(), id -> new HashMap<>()).put(entry.seq(), entry);
        lastSeqs.merge(entry.clientId(), entry.seq(), Math::max);
        return true;
    }
}
