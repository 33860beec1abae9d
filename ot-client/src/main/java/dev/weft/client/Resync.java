package dev.weft.client;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.Rope;
import dev.weft.ot.Side;
import dev.weft.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moving a document's pending edits onto a snapshot when the operations that lead to it are not
 * available: the server no longer keeps the history since the client's version
 * ({@code snapshot} with {@code rebase: true}), or it refused the in-flight edit for good.
 *
 * <p>The difference between the text the pending edits were made on and the snapshot stands in
 * for the missing operations: the pending edits are transformed over it as over one remote
 * operation. Whether the in-flight edit is already part of the snapshot must be known first, or it
 * would be lost or applied twice; the client finds out by resubmitting it with its original seq
 * (the "probe"), and the server's answer decides the {@link Outcome}.
 */
final class Resync {

    /** What became of the in-flight edit, as far as the snapshot is concerned. */
    enum Outcome {
        /** Part of the snapshot already, or refused for good: the snapshot is the truth for it. */
        LANDED,
        /** Not committed: it must be moved onto the snapshot and sent again. */
        NOT_LANDED
    }

    /**
     * The pending edits moved onto the snapshot.
     *
     * @param pending the edits still to send, in order, each following the one before, applying to
     *     the snapshot text
     * @param localChange what turns the current local text into the new one: the snapshot plus
     *     {@code pending}
     */
    record Plan(List<TextOperation> pending, TextOperation localChange) {}

    private final ServerMessage.Snapshot snapshot;
    private final List<CommittedOp> queued = new ArrayList<>();

    /** A resynchronization onto {@code snapshot}, waiting for the probe's answer. */
    Resync(ServerMessage.Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    ServerMessage.Snapshot snapshot() {
        return snapshot;
    }

    /** Keeps an operation committed after the snapshot until the outcome is known. */
    void queue(CommittedOp committed) {
        queued.add(committed);
    }

    List<CommittedOp> queued() {
        return queued;
    }

    /**
     * Moves the pending edits onto {@code target}.
     *
     * @param serverText the server's text the pending edits were made on
     * @param inFlight the in-flight edit, applying to {@code serverText}
     * @param buffer the edits after it, applying to the text after {@code inFlight}
     */
    static Plan plan(Rope serverText, Optional<TextOperation> inFlight, Optional<TextOperation> buffer, Rope target,
                     Outcome outcome) {
        Rope base = serverText;
        List<TextOperation> pending = new ArrayList<>(2);
        if (inFlight.isPresent()) {
            if (outcome == Outcome.LANDED) {
                base = inFlight.get().apply(serverText);
            } else {
                pending.add(inFlight.get());
            }
        }
        buffer.ifPresent(pending::add);
        TextOperation remote = TextDiff.between(base, target);
        List<TextOperation> moved = new ArrayList<>(pending.size());
        for (TextOperation op : pending) {
            // The client's edits take LEFT and the server's change RIGHT, as in OtClient.
            moved.add(TextOperation.transform(op, remote, Side.LEFT));
            remote = TextOperation.transform(remote, op, Side.RIGHT);
        }
        return new Plan(moved, remote);
    }
}
