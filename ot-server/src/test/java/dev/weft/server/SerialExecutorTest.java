package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialExecutorTest {
    @Test
    void execute_manyThreadsSubmit_tasksRunOneAtATimeInOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            AtomicInteger running = new AtomicInteger();
            List<Integer> order = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                serial.execute(() -> {
                    assertEquals(1, running.incrementAndGet(), "tasks overlap");
                    order.add(n);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, order.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void executeHere_idle_runsOnTheCallingThread_andHandsWhatQueuedMeanwhileToThePool() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<String> ran = new ArrayList<>();
            Thread caller = Thread.currentThread();
            CountDownLatch done = new CountDownLatch(1);
            serial.executeHere(() -> {
                ran.add("here on " + (Thread.currentThread() == caller ? "caller" : "other"));
                serial.execute(() -> ran.add("queued on " + (Thread.currentThread() == caller ? "caller" : "pool")));
                serial.executeHere(() -> ran.add("second here on "
                        + (Thread.currentThread() == caller ? "caller" : "pool")));
                serial.execute(done::countDown);
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("here on caller", "queued on pool", "second here on pool"), ran,
                    "a task given while another runs waits its turn, in order, off the caller");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void executeHere_busy_queuesBehindTheRunningTask() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            List<String> ran = new ArrayList<>();
            serial.execute(() -> {
                awaitQuietly(release);
                ran.add("first");
            });
            serial.executeHere(() -> {
                ran.add("second");
                done.countDown();
            });
            assertTrue(ran.isEmpty(), "the caller did not run the task while the executor was busy");
            release.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("first", "second"), ran);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void execute_taskThrows_laterTasksStillRun() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            CountDownLatch ran = new CountDownLatch(1);
            serial.execute(() -> {
                throw new IllegalStateException("boom");
            });
            serial.execute(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
