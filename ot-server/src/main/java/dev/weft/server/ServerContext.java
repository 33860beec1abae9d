package dev.weft.server;

import dev.weft.server.store.DocumentStore;

/** What every connection and request handler of one running server shares. */
record ServerContext(ServerConfig config, DocumentStore store, Documents documents, Heartbeat heartbeat,
                     ServerMetrics metrics, Access access, Cluster cluster) {}
