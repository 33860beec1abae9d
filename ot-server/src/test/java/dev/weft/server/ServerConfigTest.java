package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void builder_defaults() {
        ServerConfig config = ServerConfig.builder().build();
        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals(Duration.ZERO, config.broadcastWindow(), "every op goes out at once unless a window is set");
        assertEquals(Path.of("weft-data"), config.dataDirectory());
        assertEquals(1 << 20, config.maxMessageBytes());
        assertEquals(Duration.ofSeconds(15), config.heartbeatInterval());
    }

    @Test
    void build_outOfRange_namesTheSetting() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().port(70_000).build());
        assertTrue(port.getMessage().contains("port"));
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().messagesPerSecond(0).build());
        assertEquals("messages per second must be at least 1, was 0", rate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().heartbeatInterval(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().dataDirectory(null).build());
    }

    @Test
    void toBuilder_keepsEverySetting() {
        ServerConfig config = ServerConfig.builder().port(0).maxOpComponents(7).idleTimeout(Duration.ofSeconds(3)).build();
        assertEquals(config, config.toBuilder().build());
    }
}
