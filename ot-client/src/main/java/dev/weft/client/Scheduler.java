package dev.weft.client;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A clock and a timer: real ones for a running client, a manual one in unit tests so backoff,
 * heartbeat and throttling are tested without sleeping.
 */
interface Scheduler {

    /** Monotonic time in nanoseconds, for intervals only. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that may still be cancelled. */
    interface Cancellable {
        void cancel();
    }

    /**
     * The system clock and {@code executor}; each task runs holding {@code lock}, the client's
     * state lock, so timers and network callbacks never interleave.
     */
    static Scheduler of(ScheduledExecutorService executor, Object lock) {
        return new Scheduler() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                ScheduledFuture<?> future = executor.schedule(() -> {
                    synchronized (lock) {
                        task.run();
                    }
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }
        };
    }
}
