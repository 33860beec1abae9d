package dev.weft.server;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order they were submitted, on a shared pool: one document's
 * execution context. Its tasks never overlap, so the document's sequencer and participants need
 * no lock, and broadcasts leave in version order; yet an idle document holds no thread.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    /** Tasks run before the pool thread is handed back, so that a busy document cannot starve others. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        if (!handedBack()) {
            dropAll();
        }
    }

    /**
     * Runs {@code task} on the calling thread if this executor is idle, else queues it behind the
     * others. For a message that reaches a quiet document this saves handing it to a pool thread
     * and waking that thread. Only this one task runs here: whatever is queued meanwhile goes to
     * the pool, so the caller (a Jetty thread reading a socket) is back to its connections soon.
     * The caller must hold no lock a document task may take.
     */
    void executeHere(Runnable task) {
        synchronized (this) {
            if (scheduled) {
                tasks.add(task);
                return;
            }
            scheduled = true;
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("a document task failed", e);
        } finally {
            boolean more;
            synchronized (this) {
                more = !tasks.isEmpty();
                scheduled = more;
            }
            if (more && !handedBack()) {
                dropAll();
            }
        }
    }

    private void drain() {
        for (int run = 0; ; run++) {
            if (run == BATCH && handedBack()) {
                return;
            }
            Runnable task;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // Tasks report their own failures to clients; this only keeps the queue alive.
                LOG.error("a document task failed", e);
            }
        }
    }

    /** The pool refused the queue: the server is stopping, and these tasks will not run. */
    private synchronized void dropAll() {
        scheduled = false;
        tasks.clear();
        LOG.debug("the server is stopping; document tasks were dropped");
    }

    /** Lets other documents run before the rest of this queue; false if the pool is shutting down. */
    private boolean handedBack() {
        try {
            pool.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
