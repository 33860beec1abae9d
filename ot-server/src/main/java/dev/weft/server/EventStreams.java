package dev.weft.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open Server-Sent Events streams: kept alive every heartbeat interval, ended when the server stops. */
final class EventStreams {
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();

    void add(EventStream stream) {
        streams.add(stream);
    }

    void remove(EventStream stream) {
        streams.remove(stream);
    }

    int count() {
        return streams.size();
    }

    void keepAlive() {
        streams.forEach(EventStream::keepAlive);
    }

    void endAll() {
        streams.forEach(EventStream::end);
    }
}
