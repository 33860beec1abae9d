package dev.weft.client;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What a {@link DocumentSession} shares with its client: identity, the connection, seqs, timers,
 * the listener executor and persistence.
 *
 * @param clientId the client's id, the author of its operations
 * @param outbox sends a frame if the client is online; returns whether it did
 * @param maxMessageBytes the largest message the server takes, in UTF-8 bytes
 * @param seqs the client's wire seqs
 * @param scheduler the client's timers
 * @param events runs listener calls, in order
 * @param presenceInterval at most one presence update per interval
 * @param retryDelay how long to wait before resending an edit the server could not take now
 * @param persist writes the offline-queue file, if there is one
 * @param forget removes a document, closed for good, from the client
 */
record SessionContext(String clientId, Outbox outbox, LongSupplier maxMessageBytes, SeqAllocator seqs, Scheduler scheduler, Executor events,
                      Duration presenceInterval, Duration retryDelay, Runnable persist, Consumer<String> forget) {

    /** The connection as a document sees it. */
    interface Outbox {
        /** Sends {@code frame} if online; otherwise drops it and returns false. */
        boolean send(String frame);
    }
}
