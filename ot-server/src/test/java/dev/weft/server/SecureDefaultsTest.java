package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure defaults: without auth the server will only listen on loopback unless told it is
 * insecure, and with a key store it speaks TLS (a certificate made at test time by the running
 * JDK's keytool, trusted by a Jetty client).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecureDefaultsTest {
    private static final String PASSWORD = "test-store-password";

    @Test
    void publicAddressWithoutAuth_refusedUnlessInsecure() {
        for (String host : List.of("0.0.0.0", "::", "192.0.2.10", "example.com")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ServerConfig.builder().host(host).build());
            assertTrue(refused.getMessage().contains("without authentication"), refused::getMessage);
            assertTrue(ServerConfig.builder().host(host).insecure(true).build().insecure());
            assertTrue(ServerConfig.builder().host(host).tokenAuth(Tokens.hs256Auth().build()).build().authEnabled());
        }
        for (String host : List.of("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]")) {
            assertEquals(host, ServerConfig.builder().host(host).build().host());
        }
    }

    @Test
    void isLoopback_literalAddressesOnly() {
        assertTrue(ServerConfig.isLoopback("127.8.9.10"));
        assertTrue(ServerConfig.isLoopback("0:0:0:0:0:0:0:1"));
        assertFalse(ServerConfig.isLoopback("0.0.0.0"));
        assertFalse(ServerConfig.isLoopback("10.0.0.1"));
        assertFalse(ServerConfig.isLoopback("localhost.example.com"));
    }

    @Test
    void keyStorePassword_notInToString() {
        ServerConfig config = ServerConfig.builder().tls(Path.of("server.p12"), PASSWORD).build();
        assertFalse(config.toString().contains(PASSWORD), config::toString);
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().tls(Path.of("server.p12"), null).build());
    }

    @Test
    void keyStore_servesTlsToAClientThatTrustsIt(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        generateKeyStore(keyStore);
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        try (WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store)
                .tls(keyStore, PASSWORD).build()).start()) {
            SslContextFactory.Client trusting = new SslContextFactory.Client();
            trusting.setTrustStorePath(keyStore.toString());
            trusting.setTrustStorePassword(PASSWORD);
            HttpClient http = new HttpClient();
            http.setSslContextFactory(trusting);
            WebSocketClient jetty = new WebSocketClient(http);
            jetty.start();
            try (WireClient client = WireClient.connect(jetty, URI.create("wss://127.0.0.1:" + server.port() + "/ws"),
                    new ClientUpgradeRequest())) {
                client.send("type", "hello", "protocol", 1, "clientId", "c1");
                client.expect("welcome");
                client.send("type", "open", "doc", "notes");
                client.expect("snapshot");
            }
            HttpClient https = new HttpClient();
            https.setSslContextFactory(trusting);
            https.start();
            try {
                ContentResponse health = https.GET("https://127.0.0.1:" + server.port() + "/healthz");
                assertEquals(200, health.getStatus());
                // Plain text to the TLS port is not served.
                WebSocketClient plain = new WebSocketClient();
                plain.start();
                try {
                    assertThrows(ExecutionException.class, () -> WireClient.connect(plain,
                            URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new ClientUpgradeRequest()));
                } finally {
                    plain.stop();
                }
            } finally {
                https.stop();
            }
        } finally {
            store.close();
        }
    }

    @Test
    void tlsClient_refusesAnUntrustedCertificate(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        generateKeyStore(keyStore);
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        try (WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store)
                .tls(keyStore, PASSWORD).build()).start()) {
            WebSocketClient jetty = new WebSocketClient();
            jetty.start();
            try {
                assertThrows(ExecutionException.class, () -> WireClient.connect(jetty,
                        URI.create("wss://127.0.0.1:" + server.port() + "/ws"), new ClientUpgradeRequest()));
            } finally {
                jetty.stop();
            }
        } finally {
            store.close();
        }
    }

    /** A self-signed certificate for 127.0.0.1, made by the keytool of the JDK running the test. */
    private static void generateKeyStore(Path keyStore) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assertTrue(Files.isExecutable(keytool), "no keytool at " + keytool);
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "weft", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), () -> "keytool failed: " + output);
    }
}
