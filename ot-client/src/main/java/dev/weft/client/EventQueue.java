package dev.weft.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's listener calls, run in order on the listener executor and never while the client's
 * lock is held. The client applies each server message on the listener executor too, and delivers
 * the events it caused before it applies the next one ({@link #runAfter}); so a listener sees the
 * document exactly as the event left it, as in the single-threaded clients of ot.js and ShareDB.
 */
final class EventQueue implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(EventQueue.class);

    private final Executor listenerExecutor;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    /** Whether {@link #runAfter} is applying a message: it delivers the events itself. */
    private boolean applying;

    EventQueue(Executor listenerExecutor) {
        this.listenerExecutor = listenerExecutor;
    }

    /** Queues a listener call; outside {@link #runAfter}, a task on the listener executor delivers it. */
    @Override
    public void execute(Runnable event) {
        boolean deliverLater;
        synchronized (queue) {
            queue.add(event);
            deliverLater = !applying && queue.size() == 1;
        }
        if (deliverLater) {
            submit(this::deliver);
        }
    }

    /**
     * On the listener executor: runs {@code apply} holding {@code lock}, then delivers the events
     * it queued, without the lock.
     */
    void runAfter(Object lock, Runnable apply) {
        submit(() -> {
            synchronized (queue) {
                applying = true;
            }
            try {
                synchronized (lock) {
                    apply.run();
                }
            } finally {
                synchronized (queue) {
                    applying = false;
                }
                deliver();
            }
        });
    }

    private void submit(Runnable task) {
        try {
            listenerExecutor.execute(task);
        } catch (RejectedExecutionException e) {
            // Only after close(), when the listener thread is gone: nobody is listening any more.
            LOG.debug("dropping an event after close", e);
        }
    }

    private void deliver() {
        while (true) {
            Runnable event;
            synchronized (queue) {
                event = queue.poll();
            }
            if (event == null) {
                return;
            }
            try {
                event.run();
            } catch (RuntimeException e) {
                // A failing listener must not stop the events after it, or the client.
                LOG.error("a Weft client listener failed", e);
            }
        }
    }
}
