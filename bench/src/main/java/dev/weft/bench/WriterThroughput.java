package dev.weft.bench;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.TextOperation;
import dev.weft.server.store.SqliteDocumentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * How many appends per second the SQLite store's single writer thread takes when it never waits
 * for company: {@code DOCUMENTS} documents each append one operation per round, with up to
 * {@code IN_FLIGHT} appends queued before the caller waits for them, synchronous FULL (the
 * server's default). Prints the rate of each of {@code ROUNDS} rounds of {@code PER_DOCUMENT}
 * appends per document, then their median. docs/storage.md, "Group commit".
 *
 * <p>usage: {@code java -cp benchmarks.jar dev.weft.bench.WriterThroughput [DOCUMENTS PER_DOCUMENT
 * IN_FLIGHT ROUNDS]} (default 100 100 400 5)
 */
public final class WriterThroughput {
    private WriterThroughput() {}

    public static void main(String[] args) throws IOException {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int perDocument = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path directory = Files.createTempDirectory("weft-writer");
        double[] rates = new double[rounds];
        try (SqliteDocumentStore store = SqliteDocumentStore.open(directory)) {
            long[] versions = new long[documents];
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                List<CompletableFuture<Boolean>> queued = new ArrayList<>(inFlight);
                for (int i = 0; i < perDocument; i++) {
                    for (int d = 0; d < documents; d++) {
                        long version = ++versions[d];
                        queued.add(store.append("writer-" + d,
                                new CommittedOp(version, "c" + d, version, TextOperation.insert(0, "x"))));
                        if (queued.size() == inFlight) {
                            awaitAll(queued);
                        }
                    }
                }
                awaitAll(queued);
                rates[round] = documents * (double) perDocument / ((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "round %d: %,.0f appends/s%n", round + 1, rates[round]);
            }
        } finally {
            Directories.deleteTree(directory);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "median of %d rounds: %,.0f appends/s (%d documents, %d in flight)%n",
                rounds, sorted[rounds / 2], documents, inFlight);
    }

    private static void awaitAll(List<CompletableFuture<Boolean>> queued) {
        for (CompletableFuture<Boolean> append : queued) {
            if (!append.join()) {
                throw new IllegalStateException("an append was refused: the versions are off");
            }
        }
        queued.clear();
    }
}
