package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ClientGuideExampleTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void guideExample_againstARealServer_writesItsLine() throws Exception {
        try (WeftServer server = new WeftServer(
                ServerConfig.builder().port(0).store(new InMemoryDocumentStore()).build()).start()) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            assertEquals("Hello from Java\n", ClientGuideExample.run(uri, dir.resolve("ada-queue.json")));
            assertEquals("Hello from Java\nHello from Java\n", ClientGuideExample.run(uri, dir.resolve("ada-queue.json")));
        }
    }
}
