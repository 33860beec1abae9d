package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final StringWriter err = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private void update(ProgressBar bar, long done, int times) {
        for (int i = 0; i < times; i++) {
            bar.update(done);
        }
    }

    @Test
    void update_beforeTheDelay_drawsNothing() {
        ProgressBar bar = ProgressBar.on(new PrintWriter(err), 1000, now::get);
        now.set(ProgressBar.DELAY_NANOS - 1);
        update(bar, 500, 5000);
        bar.finish();
        assertEquals("", err.toString());
    }

    @Test
    void update_afterTheDelay_drawsTheShareDoneAndFinishErasesIt() {
        ProgressBar bar = ProgressBar.on(new PrintWriter(err), 1000, now::get);
        now.set(ProgressBar.DELAY_NANOS + 1_500_000_000L);
        update(bar, 250, 1024);
        String drawn = "replaying [##########..............................]  25%  2.0 s";
        assertEquals("\r" + drawn, err.toString());
        bar.finish();
        assertEquals("\r" + drawn + "\r" + " ".repeat(drawn.length()) + "\r", err.toString());
    }

    @Test
    void update_redrawsAtMostTenTimesASecond() {
        ProgressBar bar = ProgressBar.on(new PrintWriter(err), 100, now::get);
        now.set(ProgressBar.DELAY_NANOS);
        update(bar, 10, 1024 * 50);
        assertEquals(1, err.toString().chars().filter(c -> c == '\r').count(), err.toString());
    }

    @Test
    void none_neverDraws() {
        ProgressBar bar = ProgressBar.none();
        update(bar, 1, 100_000);
        bar.finish();
        assertTrue(err.toString().isEmpty());
    }
}
