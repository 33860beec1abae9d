package dev.weft.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} whose time moves only when a test advances it; tasks run on the test's thread. */
final class ManualScheduler implements Scheduler {
    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long order;

    /** When each task was scheduled to run, in nanoseconds since the start: for checking a schedule. */
    final List<Long> scheduledAt = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(now + delay.toNanos(), order++, task);
        tasks.add(scheduled);
        scheduledAt.add(scheduled.due);
        return () -> tasks.remove(scheduled);
    }

    /** Moves the clock forward by {@code step}, running every task that falls due, in time order. */
    void advance(Duration step) {
        long target = now + step.toNanos();
        while (true) {
            Task next = tasks.stream().filter(t -> t.due <= target)
                    .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            next.task.run();
        }
        now = target;
    }

    /** How many tasks wait to run. */
    int pending() {
        return tasks.size();
    }

    private record Task(long due, long order, Runnable task) {}
}
