package dev.weft.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client owns and must give back on close: its threads, its transport and the lock on its
 * offline-queue file. Threads are daemons, so an application that forgets to close a client can
 * still exit.
 */
final class ClientResources {
    private static final Logger LOG = LoggerFactory.getLogger(ClientResources.class);

    private final List<AutoCloseable> owned = new ArrayList<>();
    private OfflineFile offlineFile;

    /**
     * Locks and reads the offline-queue file at {@code path}; null for none.
     *
     * @throws UncheckedIOException if it cannot be read or is in use
     */
    OfflineFile openOfflineFile(Path path) {
        if (path == null) {
            return null;
        }
        try {
            offlineFile = OfflineFile.open(path);
            return offlineFile;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the offline-queue file " + path + ": " + e.getMessage(), e);
        }
    }

    /** A thread of the client's own to run listener calls on. */
    Executor listenerThread() {
        ExecutorService executor = Executors.newSingleThreadExecutor(daemon("weft-client"));
        owned.add(executor::shutdown);
        return executor;
    }

    /** A timer thread of the client's own, whose tasks run holding {@code lock}. */
    Scheduler timerThread(Object lock) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("weft-client-timers"));
        executor.setRemoveOnCancelPolicy(true);
        owned.add(executor::shutdownNow);
        return Scheduler.of(executor, lock);
    }

    /** Takes {@code transport} to close on release. */
    Transport own(Transport transport) {
        owned.add(transport);
        return transport;
    }

    /** Gives everything back. Not while holding the client's lock: Jetty's threads may be waiting for it. */
    void release() {
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("could not release {}", resource, e);
            }
        }
        owned.clear();
        if (offlineFile != null) {
            try {
                offlineFile.close();
            } catch (IOException e) {
                LOG.warn("could not unlock the offline-queue file", e);
            }
            offlineFile = null;
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
