package dev.weft.client;

import java.time.Duration;

/**
 * Sends at most one presence update per interval; the last request of an interval wins. The
 * first request after a quiet interval goes out at once, so a single caret move is not delayed.
 * Runs holding the client's lock.
 */
final class SelectionThrottle {
    private final Scheduler scheduler;
    private final long intervalNanos;
    private final Runnable send;
    private long lastSentAt;
    private boolean sentOnce;
    private Scheduler.Cancellable pending;

    /** @param send sends the current presence: it reads the latest state when it runs */
    SelectionThrottle(Scheduler scheduler, Duration interval, Runnable send) {
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.send = send;
    }

    /** Asks for an update: now if the interval since the last one has passed, else at its end. */
    void request() {
        if (pending != null) {
            return;
        }
        long now = scheduler.nanoTime();
        long wait = sentOnce ? lastSentAt + intervalNanos - now : 0;
        if (wait <= 0) {
            fire();
        } else {
            pending = scheduler.schedule(Duration.ofNanos(wait), () -> {
                pending = null;
                fire();
            });
        }
    }

    /** Drops a scheduled update, e.g. when the document closes. */
    void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    private void fire() {
        lastSentAt = scheduler.nanoTime();
        sentOnce = true;
        send.run();
    }
}
