package dev.weft.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr, for replays that take a while: it appears only after
 * {@link #DELAY_NANOS} (a short replay never shows it), redraws at most ten times a second, and
 * erases itself when done. {@link #none()} draws nothing: what commands use when stderr is not a
 * terminal, so that logs and pipes never receive carriage returns.
 */
final class ProgressBar {
    static final long DELAY_NANOS = 500_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    /** Reading the clock on every update would cost more than a keystroke's patch. */
    private static final int UPDATES_PER_CLOCK_READ = 1024;
    private static final int WIDTH = 40;
    private static final ProgressBar NONE = new ProgressBar(null, 1, () -> 0L);

    private final PrintWriter err;
    private final long total;
    private final LongSupplier clock;
    private final long start;
    private long nextDraw;
    private int updates;
    private int drawnLength;

    private ProgressBar(PrintWriter err, long total, LongSupplier clock) {
        this.err = err;
        this.total = Math.max(1, total);
        this.clock = clock;
        this.start = clock.getAsLong();
        this.nextDraw = start + DELAY_NANOS;
    }

    /** A bar that draws nothing. */
    static ProgressBar none() {
        return NONE;
    }

    /** A bar on {@code err} for work of {@code total} units, timed by {@code nanoClock}. */
    static ProgressBar on(PrintWriter err, long total, LongSupplier nanoClock) {
        return new ProgressBar(err, total, nanoClock);
    }

    /** Reports that {@code done} of the total units are done; redraws if it is time. */
    void update(long done) {
        if (err == null || ++updates < UPDATES_PER_CLOCK_READ) {
            return;
        }
        updates = 0;
        long now = clock.getAsLong();
        if (now < nextDraw) {
            return;
        }
        nextDraw = now + REDRAW_NANOS;
        draw(done, now);
    }

    /** Erases the bar, if it was drawn. */
    void finish() {
        if (err != null && drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
            drawnLength = 0;
        }
    }

    private void draw(long done, long now) {
        long clamped = Math.min(Math.max(done, 0), total);
        int filled = (int) (clamped * WIDTH / total);
        String line = String.format(java.util.Locale.ROOT, "replaying [%s%s] %3d%%  %.1f s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), clamped * 100 / total, (now - start) / 1e9);
        err.print("\r" + line);
        err.flush();
        drawnLength = line.length();
    }
}
