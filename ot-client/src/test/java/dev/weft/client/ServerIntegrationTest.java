package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.TextOperation;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real {@link WeftServer} on an ephemeral loopback port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern TOKEN = Pattern.compile("<[a-z]\\d+>");

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private WeftServer startServer(ServerConfig config) {
        WeftServer server = new WeftServer(config).start();
        resources.add(server);
        return server;
    }

    private WeftServer inMemoryServer() {
        return startServer(ServerConfig.builder().port(0).store(new InMemoryDocumentStore()).build());
    }

    private WeftClient client(int port, Duration firstRetry, Path offlineQueue) {
        WeftClient client = WeftClient.builder(URI.create("ws://127.0.0.1:" + port + "/ws"))
                .reconnectPolicy(new ReconnectPolicy(firstRetry, Duration.ofSeconds(1), 2.0, 0.5))
                .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(5))
                .offlineQueue(offlineQueue)
                .build();
        resources.add(client);
        client.connect();
        return client;
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Inserts {@code token} at a random token boundary of the local text, atomically, so tokens
     * are never split and each can be found exactly once at the end.
     */
    private static void insertAnywhere(ClientDocument doc, String token, Random random) {
        doc.edit(text -> {
            String current = text.toString();
            List<Integer> boundaries = new ArrayList<>(List.of(0));
            for (int i = current.indexOf('>'); i >= 0; i = current.indexOf('>', i + 1)) {
                boundaries.add(i + 1);
            }
            return TextOperation.insert(boundaries.get(random.nextInt(boundaries.size())), token);
        });
    }

    private static void assertEveryTokenOnce(String text, List<String> tokens) {
        Matcher matcher = TOKEN.matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group());
        }
        assertEquals(tokens.stream().sorted().toList(), found.stream().sorted().toList(), text);
    }

    @Test
    void twoClients_typingAtOnce_converge() throws Exception {
        WeftServer server = inMemoryServer();
        ClientDocument alice = get(client(server.port(), Duration.ofMillis(50), null).open("race"));
        ClientDocument bob = get(client(server.port(), Duration.ofMillis(50), null).open("race"));
        List<String> tokens = new ArrayList<>();
        List<Thread> typists = new ArrayList<>();
        for (Object[] typist : new Object[][] {{alice, "a"}, {bob, "b"}}) {
            ClientDocument doc = (ClientDocument) typist[0];
            String name = (String) typist[1];
            for (int i = 0; i < 60; i++) {
                tokens.add("<" + name + i + ">");
            }
            typists.add(new Thread(() -> {
                Random random = new Random(name.hashCode());
                for (int i = 0; i < 60; i++) {
                    insertAnywhere(doc, "<" + name + i + ">", random);
                    if (i % 10 == 0) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        typists.forEach(Thread::start);
        for (Thread typist : typists) {
            typist.join(WAIT.toMillis());
        }
        long aliceVersion = get(alice.flush());
        long bobVersion = get(bob.flush());
        assertTrue(aliceVersion > 0 && bobVersion > 0);
        await(() -> alice.version() == bob.version() && !alice.hasPendingEdits() && !bob.hasPendingEdits()
                && alice.text().equals(bob.text()), "both clients hold the same version and text");
        assertEveryTokenOnce(alice.text().toString(), tokens);
    }

    @Test
    void rateLimitedSubmissions_areSentAgain_everyEditLandsOnce() throws Exception {
        // A client that waits for each ack before the next edit still sends faster than 20
        // messages a second over loopback; the server drops the excess unread.
        WeftServer server = startServer(ServerConfig.builder().port(0).store(new InMemoryDocumentStore())
                .messagesPerSecond(20).build());
        ClientDocument doc = get(client(server.port(), Duration.ofMillis(50), null).open("limited"));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String token = "<r" + i + ">";
            tokens.add(token);
            doc.edit(TextOperation.insert(doc.text().length(), token));
            get(doc.flush());
        }
        ClientDocument reader = get(client(server.port(), Duration.ofMillis(50), null).open("limited"));
        assertEquals(String.join("", tokens), reader.text().toString());
        assertEquals(doc.version(), reader.version());
    }

    @Test
    void lateJoiner_getsTheWholeText() throws Exception {
        WeftServer server = inMemoryServer();
        ClientDocument alice = get(client(server.port(), Duration.ofMillis(50), null).open("late"));
        alice.edit(TextOperation.insert(0, "written before bob came"));
        long version = get(alice.flush());
        ClientDocument bob = get(client(server.port(), Duration.ofMillis(50), null).open("late"));
        assertEquals("written before bob came", bob.text().toString());
        assertEquals(version, bob.version());
    }

    @Test
    void editsMadeOffline_areSentAfterTheReconnect() throws Exception {
        WeftServer server = inMemoryServer();
        WeftClient aliceClient = client(server.port(), Duration.ofSeconds(1), null);
        ClientDocument alice = get(aliceClient.open("offline"));
        ClientDocument bob = get(client(server.port(), Duration.ofMillis(50), null).open("offline"));
        alice.edit(TextOperation.insert(0, "<a0>"));
        get(alice.flush());

        aliceClient.dropConnection();
        assertNotEquals(ConnectionStatus.ONLINE, aliceClient.status());
        for (int i = 1; i <= 3; i++) {
            alice.edit(TextOperation.insert(alice.text().length(), "<a" + i + ">"));
        }
        bob.edit(TextOperation.insert(0, "<b0>"));
        assertTrue(alice.hasPendingEdits());

        get(alice.flush());
        await(() -> alice.text().equals(bob.text()) && alice.version() == bob.version(), "bob sees alice's offline edits");
        assertEveryTokenOnce(bob.text().toString(), List.of("<a0>", "<a1>", "<a2>", "<a3>", "<b0>"));
    }

    @Test
    void connectionCut_rightAfterSubmit_theEditLandsOnce() throws Exception {
        WeftServer server = inMemoryServer();
        WeftClient aliceClient = client(server.port(), Duration.ofMillis(20), null);
        ClientDocument alice = get(aliceClient.open("cut"));
        ClientDocument bob = get(client(server.port(), Duration.ofMillis(50), null).open("cut"));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String token = "<a" + i + ">";
            tokens.add(token);
            await(() -> aliceClient.status() == ConnectionStatus.ONLINE, "alice is back online");
            alice.edit(TextOperation.insert(0, token));
            aliceClient.dropConnection();
        }
        get(alice.flush());
        await(() -> alice.text().equals(bob.text()) && alice.version() == bob.version(), "bob sees the same text");
        assertEveryTokenOnce(bob.text().toString(), tokens);
    }

    @Test
    void serverRestart_clientsReconnectCatchUpAndSendWhatTheyWroteMeanwhile() throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).dataDirectory(dir.resolve("data")).build();
        WeftServer first = startServer(config);
        int port = first.port();
        ClientDocument alice = get(client(port, Duration.ofMillis(50), null).open("restart"));
        ClientDocument bob = get(client(port, Duration.ofMillis(50), null).open("restart"));
        alice.edit(TextOperation.insert(0, "<a0>"));
        get(alice.flush());
        await(() -> bob.text().toString().equals("<a0>"), "bob sees alice's first edit");

        first.stop();
        alice.edit(TextOperation.insert(4, "<a1>"));
        bob.edit(TextOperation.insert(0, "<b0>"));
        startServer(config.toBuilder().port(port).build());

        get(alice.flush());
        get(bob.flush());
        await(() -> alice.text().equals(bob.text()) && alice.version() == bob.version(), "both converge after the restart");
        assertEveryTokenOnce(alice.text().toString(), List.of("<a0>", "<a1>", "<b0>"));
        ClientDocument carol = get(client(port, Duration.ofMillis(50), null).open("restart"));
        assertEquals(alice.text(), carol.text());
    }

    @Test
    void offlineQueue_editsOfAClosedApplication_areSentByTheNextRun() throws Exception {
        ServerConfig config = ServerConfig.builder().port(0).dataDirectory(dir.resolve("data")).build();
        WeftServer first = startServer(config);
        int port = first.port();
        Path queue = dir.resolve("alice-queue.json");
        WeftClient firstRun = client(port, Duration.ofMillis(50), queue);
        ClientDocument alice = get(firstRun.open("queued"));
        alice.edit(TextOperation.insert(0, "<a0>"));
        get(alice.flush());
        first.stop();
        alice.edit(TextOperation.insert(4, "<a1>"));
        alice.edit(TextOperation.insert(8, "<a2>"));
        firstRun.close();

        startServer(config.toBuilder().port(port).build());
        WeftClient secondRun = client(port, Duration.ofMillis(50), queue);
        assertEquals(firstRun.clientId(), secondRun.clientId());
        ClientDocument restored = get(secondRun.open("queued"));
        get(restored.flush());
        ClientDocument bob = get(client(port, Duration.ofMillis(50), null).open("queued"));
        assertEquals("<a0><a1><a2>", bob.text().toString());
    }
}
