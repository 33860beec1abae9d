package dev.weft.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code WeftClient}s on a real {@code WeftServer} converge through random edits, cut and
 * stalled connections, partitions, application restarts and server restarts: see
 * {@link ServerConvergenceRun}. Each round is seeded; a failure names the seed, and
 * {@code -Dweft.seed=<seed>} runs that round's schedule again.
 */
class ServerConvergenceTest {
    private static final int ROUNDS = 4;
    private static final int LONG_ROUNDS = 60;
    /** A round takes about 7 seconds; this only catches a hang, which then fails with the seed. */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(45);
    /**
     * The fuzz module has no SLF4J provider, so Flyway logs through java.util.logging: ten lines
     * per server start. Held in a field because the logging framework keeps loggers weakly.
     */
    private static final Logger FLYWAY = Logger.getLogger("org.flywaydb");

    static {
        FLYWAY.setLevel(Level.WARNING);
    }

    @TempDir
    Path directory;

    @Test
    void clients_withDisconnectsAndServerRestarts_convergeOnTheServersText() throws Exception {
        String fixed = System.getProperty("weft.seed");
        if (fixed != null) {
            round(Long.parseLong(fixed), 0);
            return;
        }
        Random seeds = new Random(System.nanoTime());
        int rounds = ExampleCounts.isLong() ? LONG_ROUNDS : ROUNDS;
        for (int i = 0; i < rounds; i++) {
            // In the range of the other tests that read weft.seed (docs/testing.md).
            round(seeds.nextLong() & 0xffff_ffffL, i);
        }
    }

    /** Runs one round on a thread of its own, so a hang fails with the seed instead of stalling the build. */
    private void round(long seed, int index) throws Exception {
        Path roundDirectory = Files.createDirectories(directory.resolve("round-" + index));
        ServerConvergenceRun run = new ServerConvergenceRun(seed, roundDirectory);
        AtomicReference<Thread> worker = new AtomicReference<>();
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "server-convergence-" + seed);
            thread.setDaemon(true);
            worker.set(thread);
            return thread;
        });
        Future<?> result = executor.submit(() -> {
            try (run) {
                run.run();
            }
            return null;
        });
        try {
            result.get(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(seed, run, e.getCause());
        } catch (TimeoutException e) {
            String stack = Arrays.stream(worker.get().getStackTrace()).map(frame -> "\tat " + frame)
                    .collect(Collectors.joining("\n"));
            throw failure(seed, run, new AssertionError("the round did not end within " + ROUND_TIMEOUT.toSeconds()
                    + " s; its thread was at\n" + stack));
        } finally {
            // The round closes its clients, proxies and server itself, even when it fails; after a
            // timeout the interrupt ends its waits so that it can.
            result.cancel(true);
            executor.shutdown();
            if (!executor.awaitTermination(CLEANUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                run.close();
            }
        }
        System.out.println("server convergence ok, " + run.describe());
    }

    private static AssertionError failure(long seed, ServerConvergenceRun run, Throwable cause) {
        return new AssertionError("server convergence failed, " + run.describe()
                + "\nreproduce the schedule with: mvn -pl fuzz test -Dtest=ServerConvergenceTest -Dweft.seed=" + seed
                + "\n(the seed fixes the schedule, not the thread timing: a failure that depends on timing may take"
                + " a few runs)\ndisruptions:\n" + run.history() + "\n" + cause, cause);
    }
}
