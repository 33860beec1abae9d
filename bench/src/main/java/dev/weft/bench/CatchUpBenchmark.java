package dev.weft.bench;

import dev.weft.ot.Commit;
import dev.weft.ot.Sequencer;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoredHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Server time of a late submission (target 5 of the server section of docs/benchmarks.md): an
 * operation made {@code behind} versions ago goes through the server's own {@link Sequencer} over
 * a {@link StoredHistory} on durable SQLite (1,000 recent operations cached, as the server does;
 * synchronous FULL, the server's default, and NORMAL for what the sync at each commit costs). {@code rebase} is {@link Sequencer#prepare} alone (the duplicate check, the
 * transform over every operation since its base and the check against the document); {@code
 * rebaseAndCommit} adds the durable append, which is where a server waits before it acks.
 * {@code rebaseAndQueue} is what the server's document thread does on SQLite: the history is
 * write-behind ({@link StoredHistory#openPipelinedSequencer}), so the commit queues the write and
 * the document goes on while the store syncs; the ack waits for the sync off that thread. (The
 * benchmark waits for the writes whenever 1,000 are pending, so the queue stays bounded; that
 * wait is in the figure.) Setup commits {@code behind + 1,000} single-edit operations of another
 * author first.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Xmn256m"})
public class CatchUpBenchmark {

    @State(Scope.Thread)
    public static class Document {
        @Param({"1000"})
        int behind;

        /** FULL is the server's default; NORMAL (no sync at commit) shows what the sync costs. */
        @Param({"FULL", "NORMAL"})
        SqliteDocumentStore.Synchronous synchronous;

        private Path directory;
        private SqliteDocumentStore store;
        Sequencer sequencer;
        private final SplittableRandom random = new SplittableRandom(42);
        private long seq;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            directory = Files.createTempDirectory("weft-catchup");
            store = SqliteDocumentStore.builder(directory).synchronous(synchronous).open();
            sequencer = open(store);
            for (int i = 0; i < behind + 1000; i++) {
                sequencer.submit(new Submission("typist", i + 1, sequencer.version(), edit(sequencer.text().length())));
            }
        }

        Sequencer open(SqliteDocumentStore opened) {
            return StoredHistory.openSequencer(opened, "catchup");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            store.close();
            Directories.deleteTree(directory);
        }

        /** A late author's next edit, made on the document as it was {@code behind} versions ago. */
        Submission late() {
            long base = sequencer.version() - behind;
            return new Submission("late", ++seq, base, TextOperation.insert(random.nextInt(200), "x"));
        }

        private TextOperation edit(int length) {
            return length > 100 && random.nextInt(4) == 0
                    ? TextOperation.delete(random.nextInt(length - 2), 2)
                    : TextOperation.insert(random.nextInt(length + 1), "ab");
        }
    }

    /** The server's document on SQLite: write-behind, synchronous FULL only. */
    @State(Scope.Thread)
    public static class WriteBehindDocument extends Document {
        private static final int MAX_PENDING = 1000;
        private int pending;

        @Override
        Sequencer open(SqliteDocumentStore opened) {
            return StoredHistory.openPipelinedSequencer(opened, "catchup");
        }

        /** Commits and queues the write; waits for the store only when the backlog is full. */
        Commit commit(Commit prepared) {
            Commit committed = sequencer.commit(prepared);
            if (++pending == MAX_PENDING) {
                ((StoredHistory) sequencer.history()).lastWrite().join();
                pending = 0;
            }
            return committed;
        }
    }

    @Benchmark
    public Commit rebaseAndQueue(WriteBehindDocument document) {
        return document.commit(document.sequencer.prepare(document.late()));
    }

    @Benchmark
    public Commit rebase(Document document) {
        return document.sequencer.prepare(document.late());
    }

    @Benchmark
    public Commit rebaseAndCommit(Document document) {
        Sequencer sequencer = document.sequencer;
        return sequencer.commit(sequencer.prepare(document.late()));
    }
}
