package dev.weft.server;

import dev.weft.server.store.DocumentStore;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every connection and request handler of one running server shares; {@code timer} runs
 * the heartbeat and other delayed work (a task for a document hands itself to the document's
 * executor).
 */
record ServerContext(ServerConfig config, DocumentStore store, Documents documents, Heartbeat heartbeat,
                     ServerMetrics metrics, Access access, Cluster cluster, ScheduledExecutorService timer) {}
