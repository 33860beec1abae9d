package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.store.InMemoryDocumentStore;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WeftServerTest {
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();

    @Test
    void start_portInUse_failsNamingTheAddress() {
        try (WeftServer first = new WeftServer(ServerConfig.builder().port(0).store(store).build()).start()) {
            WeftServer second = new WeftServer(ServerConfig.builder().port(first.port()).store(store).build());
            UncheckedIOException failure = assertThrows(UncheckedIOException.class, second::start);
            assertTrue(failure.getMessage().contains("127.0.0.1:" + first.port()), failure.getMessage());
        }
    }

    @Test
    void lifecycle_misuse_illegalState() {
        WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store).build());
        assertThrows(IllegalStateException.class, server::port);
        server.start();
        assertThrows(IllegalStateException.class, server::start);
        server.stop();
        server.stop();
        assertThrows(IllegalStateException.class, server::port);
    }

    @Test
    void stop_callerOwnedStore_leftOpen() {
        new WeftServer(ServerConfig.builder().port(0).store(store).build()).start().stop();
        assertTrue(store.list().isEmpty(), "the store still answers");
    }
}
