package dev.weft.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit, the part that SQLite's {@link GroupCommitWriter} and {@link PostgresWriter}
 * share: writes from any thread and any document queue here; each writer thread takes everything
 * queued (up to a batch limit) and hands it to {@link #commit}, which runs it in one transaction
 * and completes each write's future only after the commit. While one transaction commits the
 * next batch gathers, so the cost of a commit is shared by every write in it. No write waits for
 * company: a lone write is committed at once.
 *
 * <p>How a batch is committed is the subclass's: that is where the databases differ.
 *
 * @param <W> the subclass's queued write
 */
abstract class BatchWriter<W extends QueuedWrite<?>> implements AutoCloseable {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final int maxBatch;
    private final BlockingQueue<W> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closing;

    BatchWriter(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    /**
     * Runs the batch in one transaction, then calls {@link #committed} or fails every write of
     * it. A write that fails alone is undone alone and fails only its own future.
     */
    abstract void commit(List<W> batch);

    /** Called on the writer thread when {@link #commit} threw, before the batch's futures fail. */
    void abandoned() {
    }

    /** Called on each writer thread as it stops. */
    void stopped() {
    }

    /** Starts one writer thread of each name; the last step of a subclass's constructor. */
    final void start(String... threadNames) {
        for (String name : threadNames) {
            Thread thread = new Thread(this::run, name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Queues {@code write}; its future completes after the transaction that runs it commits. */
    final void enqueue(W write) {
        // Checked after queueing too, so a write that races with close() is either run or refused.
        if (closing) {
            throw new StoreException("the store is closed");
        }
        queue.add(write);
        if (closing && queue.remove(write)) {
            throw new StoreException("the store is closed");
        }
    }

    /** Counts the committed transaction and completes the futures of its writes. */
    final void committed(List<W> batch) {
        transactions.incrementAndGet();
        writes.addAndGet(batch.size());
        batch.forEach(QueuedWrite::complete);
    }

    /** Transactions committed so far. */
    final long transactions() {
        return transactions.get();
    }

    /** Writes committed so far (each in some transaction). */
    final long writes() {
        return writes.get();
    }

    /** Commits every write already queued, then stops the threads. */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while finishing the queued writes", e);
        }
    }

    private void run() {
        List<W> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                W first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        stopped();
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // Keep the writer alive: a dead writer would hang every future caller.
                log.error("group commit failed", e);
                abandoned();
                batch.forEach(p -> p.fail(e));
            } finally {
                batch.clear();
            }
        }
    }
}
