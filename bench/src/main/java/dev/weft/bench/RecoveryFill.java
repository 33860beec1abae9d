package dev.weft.bench;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.TextOperation;
import dev.weft.server.store.SqliteDocumentStore;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Fills a data directory for the recovery benchmark (bench/scripts/server-recovery.sh): {@code
 * OPS} committed operations spread round-robin over {@code DOCUMENTS} documents ({@code rec-0},
 * {@code rec-1}, ...), written through the server's own store, so snapshots are taken every 1,000
 * operations as the server would. Appends are pipelined (the store's single writer runs them in
 * order), synchronous NORMAL, which a kill does not undo.
 *
 * <p>usage: {@code java -cp benchmarks.jar dev.weft.bench.RecoveryFill DIR OPS DOCUMENTS}
 */
public final class RecoveryFill {
    private static final int IN_FLIGHT = 20_000;

    private RecoveryFill() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: RecoveryFill DIR OPS DOCUMENTS");
            System.exit(2);
        }
        Path directory = Path.of(args[0]);
        long ops = Long.parseLong(args[1]);
        int documents = Integer.parseInt(args[2]);
        if (ops < 1 || documents < 1 || documents > ops) {
            throw new IllegalArgumentException("need 1 <= DOCUMENTS <= OPS, was " + documents + " and " + ops);
        }
        long start = System.nanoTime();
        try (SqliteDocumentStore store = SqliteDocumentStore.builder(directory)
                .synchronous(SqliteDocumentStore.Synchronous.NORMAL).open()) {
            fill(store, ops, documents);
        }
        System.out.printf(Locale.ROOT, "filled %s with %,d operations over %d documents in %.1f s%n", directory, ops,
                documents, (System.nanoTime() - start) / 1e9);
    }

    static void fill(SqliteDocumentStore store, long ops, int documents) {
        int[] lengths = new int[documents];
        long[] versions = new long[documents];
        SplittableRandom random = new SplittableRandom(1);
        Queue<CompletableFuture<Boolean>> pending = new ArrayDeque<>();
        for (long i = 0; i < ops; i++) {
            int d = (int) (i % documents);
            TextOperation op = edit(random, lengths[d]);
            lengths[d] += op.lengthDelta();
            versions[d]++;
            pending.add(store.append("rec-" + d, new CommittedOp(versions[d], "filler", versions[d], op)));
            if (pending.size() >= IN_FLIGHT) {
                drain(pending, IN_FLIGHT / 2);
            }
        }
        drain(pending, 0);
    }

    /** An insert of a short word, or once the document has 200 code points, one time in three, a delete. */
    static TextOperation edit(SplittableRandom random, int length) {
        if (length >= 200 && random.nextInt(3) == 0) {
            int count = 1 + random.nextInt(4);
            return TextOperation.delete(random.nextInt(length - count + 1), count);
        }
        return TextOperation.insert(random.nextInt(length + 1), "word ");
    }

    private static void drain(Queue<CompletableFuture<Boolean>> pending, int keep) {
        while (pending.size() > keep) {
            if (!pending.remove().join()) {
                throw new IllegalStateException("an append was refused: the directory already holds those documents");
            }
        }
    }
}
