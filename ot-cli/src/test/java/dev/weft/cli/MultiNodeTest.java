package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.ClientDocument;
import dev.weft.client.DocumentListener;
import dev.weft.client.ReconnectPolicy;
import dev.weft.client.WeftClient;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.Component;
import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.PostgresDocumentStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three Weft nodes on one PostgreSQL database (its own, dropped after), WebSocket clients spread
 * over them editing a hot document and a few others at random, concurrently. Every document is a
 * sequence of unique tokens, so the check is exact: each client and the database end with the same
 * text; the stored history has each version once and replays to it; every token inserted is in
 * exactly one stored operation (nothing acked lost, nothing applied twice) and in the text unless
 * deleted. The second test kills one node (a separate {@code weft serve} process, SIGKILL) in the
 * middle: its clients fail over to the others and continue.
 */
class MultiNodeTest {
    private static final Pattern TOKEN = Pattern.compile("<[^>]*>");
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final List<String> DOCUMENTS = List.of("hot", "cool-1", "cool-2", "cool-3");
    private static final int CLIENTS = 9;
    private static final int EDITS_PER_CLIENT = 30;

    private PostgresTestDatabase database;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, Set<String>> inserted = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> deleted = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (RuntimeException e) {
                // Keep closing the rest.
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Timeout(180)
    void threeNodes_randomConcurrentEdits_convergeWithEachVersionOnceAndNothingLost() throws Exception {
        long seed = System.nanoTime();
        System.out.println("MultiNodeTest seed " + seed);
        List<URI> nodes = List.of(startNode(), startNode(), startNode());
        List<Client> clients = connectClients(nodes);
        runEdits(clients, new Random(seed), null);
        checkConverged(clients, seed);

        // Presence and chat cross nodes: everyone on the hot document sees the eight others.
        for (Client client : clients) {
            await(() -> client.documents.get("hot").presence().size() >= CLIENTS - 1,
                    "client " + client.id + " to see every other participant, seed " + seed);
        }
        Client onSecondNode = clients.get(1);
        clients.get(0).documents.get("hot").chat("hello from node one");
        await(() -> onSecondNode.chats.contains("hello from node one"), "the chat to cross nodes, seed " + seed);
    }

    @Test
    @Timeout(240)
    void killOneNode_itsClientsFailOverAndNoEditIsLostOrDoubled() throws Exception {
        long seed = System.nanoTime();
        System.out.println("MultiNodeTest seed " + seed);
        Process killed = startProcessNode();
        List<URI> nodes = List.of(startNode(), startNode(), processUri(killed));
        List<Client> clients = connectClients(nodes);
        runEdits(clients, new Random(seed), () -> {
            killed.destroyForcibly();
            try {
                killed.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        checkConverged(clients, seed);
    }

    private URI startNode() {
        PostgresDocumentStore store = PostgresDocumentStore.builder(database.address()).poolSize(6).writerThreads(2).open();
        resources.add(store);
        WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store)
                .heartbeatInterval(Duration.ofSeconds(1)).build()).start();
        resources.add(server);
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    private int processPort;

    private Process startProcessNode() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Weft.class.getName(),
                "serve", "--port", "0", "--store", database.address())
                .redirectErrorStream(true).start();
        resources.add(process::destroyForcibly);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        processPort = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        int port = Integer.parseInt(m.group(1));
                        Thread drain = new Thread(() -> drain(out));
                        drain.setDaemon(true);
                        drain.start();
                        return port;
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("weft serve exited before listening");
        }).get(90, TimeUnit.SECONDS);
        return process;
    }

    private URI processUri(Process process) {
        return URI.create("ws://127.0.0.1:" + processPort + "/ws");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // The node's log; read so that it never blocks on a full pipe.
            }
        } catch (java.io.IOException ignored) {
            // The process was killed.
        }
    }

    /** Client i connects to node i mod 3, failing over to the others, and opens "hot" and one other document. */
    private List<Client> connectClients(List<URI> nodes) throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int home = i % nodes.size();
            List<URI> others = new ArrayList<>();
            for (int k = 1; k < nodes.size(); k++) {
                others.add(nodes.get((home + k) % nodes.size()));
            }
            Client client = new Client("c" + i);
            WeftClient weft = WeftClient.builder(nodes.get(home)).failover(others).clientId(client.id)
                    .user("user " + i, "#112233")
                    .reconnectPolicy(new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(500), 2, 0.5))
                    .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(2)).build();
            resources.add(weft);
            weft.connect();
            for (String doc : List.of("hot", DOCUMENTS.get(1 + i % (DOCUMENTS.size() - 1)))) {
                client.documents.put(doc, weft.open(doc, client).get(60, TimeUnit.SECONDS));
            }
            clients.add(client);
        }
        return clients;
    }

    /** Every client edits concurrently; {@code midway} runs once, when about half the edits are made. */
    private void runEdits(List<Client> clients, Random seeds, Runnable midway) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            List<Long> clientSeeds = clients.stream().map(c -> seeds.nextLong()).toList();
            for (int i = 0; i < clients.size(); i++) {
                Client client = clients.get(i);
                Random random = new Random(clientSeeds.get(i));
                boolean runsMidway = i == 0 && midway != null;
                running.add(pool.submit(() -> {
                    for (int n = 0; n < EDITS_PER_CLIENT; n++) {
                        if (runsMidway && n == EDITS_PER_CLIENT / 2) {
                            midway.run();
                        }
                        String doc = random.nextInt(10) < 7 ? "hot" : client.otherDocument();
                        edit(client, doc, n, random);
                        Thread.sleep(random.nextInt(25));
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Client client : clients) {
            for (ClientDocument document : client.documents.values()) {
                document.flush().get(120, TimeUnit.SECONDS);
            }
        }
    }

    /** Inserts a new token at a token boundary, or (one time in four) deletes a whole token. */
    private void edit(Client client, String doc, int n, Random random) {
        client.documents.get(doc).edit((Rope text) -> {
            String current = text.toString();
            List<int[]> tokens = new ArrayList<>();
            Matcher m = TOKEN.matcher(current);
            while (m.find()) {
                tokens.add(new int[] {current.codePointCount(0, m.start()), current.codePointCount(0, m.end())});
            }
            int length = current.codePointCount(0, current.length());
            if (!tokens.isEmpty() && random.nextInt(4) == 0) {
                int[] victim = tokens.get(random.nextInt(tokens.size()));
                deleted.computeIfAbsent(doc, d -> ConcurrentHashMap.newKeySet())
                        .add(current.substring(current.offsetByCodePoints(0, victim[0]),
                                current.offsetByCodePoints(0, victim[1])));
                return TextOperation.delete(victim[0], victim[1] - victim[0]);
            }
            int at = tokens.isEmpty() || random.nextBoolean() ? (tokens.isEmpty() ? 0 : length)
                    : tokens.get(random.nextInt(tokens.size()))[0];
            String token = "<" + client.id + "n" + n + (n % 7 == 0 ? "😅" : "") + ">";
            inserted.computeIfAbsent(doc, d -> ConcurrentHashMap.newKeySet()).add(token);
            return TextOperation.insert(at, token);
        });
    }

    private void checkConverged(List<Client> clients, long seed) throws Exception {
        try (PostgresDocumentStore store = PostgresDocumentStore.open(database.address())) {
            for (String doc : DOCUMENTS) {
                List<CommittedOp> history = store.ops(doc, 0, Long.MAX_VALUE);
                String stored = replay(history, doc, seed);
                for (Client client : clients) {
                    ClientDocument document = client.documents.get(doc);
                    if (document != null) {
                        await(() -> document.version() == history.size() || document.version() > history.size(),
                                client.id + " to reach version " + history.size() + " of " + doc + ", seed " + seed);
                        assertEquals(stored, document.text().toString(),
                                client.id + "'s text of " + doc + " differs from the stored history, seed " + seed);
                    }
                }
                checkTokens(doc, history, stored, seed);
            }
        }
        assertEquals(List.of(), errors, "errors reported to clients, seed " + seed);
    }

    /** Replays the stored history; versions must run 1, 2, 3 ... and each (client, seq) appear once. */
    private static String replay(List<CommittedOp> history, String doc, long seed) {
        Rope text = Rope.of("");
        Set<String> authors = new HashSet<>();
        for (int i = 0; i < history.size(); i++) {
            CommittedOp entry = history.get(i);
            assertEquals(i + 1, entry.version(), "version order of " + doc + ", seed " + seed);
            assertTrue(authors.add(entry.clientId() + "/" + entry.seq()),
                    entry.clientId() + " seq " + entry.seq() + " committed twice in " + doc + ", seed " + seed);
            text = entry.op().apply(text);
        }
        return text.toString();
    }

    private void checkTokens(String doc, List<CommittedOp> history, String text, long seed) {
        Map<String, Integer> storedInserts = new HashMap<>();
        for (CommittedOp entry : history) {
            for (Component component : entry.op().components()) {
                if (component instanceof Component.Insert insert) {
                    Matcher m = TOKEN.matcher(insert.text());
                    while (m.find()) {
                        storedInserts.merge(m.group(), 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, Integer> inText = new HashMap<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            inText.merge(m.group(), 1, Integer::sum);
        }
        Set<String> gone = deleted.getOrDefault(doc, Set.of());
        for (String token : inserted.getOrDefault(doc, Set.of())) {
            // A token deleted while its insert was still buffered on the client may never be stored.
            int stored = storedInserts.getOrDefault(token, 0);
            assertTrue(stored == 1 || stored == 0 && gone.contains(token),
                    stored + " stored inserts of " + token + " in " + doc + ", seed " + seed);
            assertEquals(gone.contains(token) ? 0 : 1, inText.getOrDefault(token, 0),
                    "copies of " + token + " in the text of " + doc + ", seed " + seed);
        }
        assertTrue(inserted.getOrDefault(doc, Set.of()).containsAll(storedInserts.keySet()),
                "tokens stored in " + doc + " that nobody inserted, seed " + seed);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** One test client: its documents, and what its listener heard. */
    private final class Client implements DocumentListener {
        final String id;
        final Map<String, ClientDocument> documents = new ConcurrentHashMap<>();
        final Set<String> chats = ConcurrentHashMap.newKeySet();

        Client(String id) {
            this.id = id;
        }

        String otherDocument() {
            return documents.keySet().stream().filter(d -> !d.equals("hot")).findFirst().orElseThrow();
        }

        @Override
        public void onChat(dev.weft.client.ChatMessage message) {
            chats.add(message.text());
        }

        @Override
        public void onError(String code, String message) {
            // A node that lost 100 commit races in a row refuses the edit; the client sends it again.
            if (code.equals("INTERNAL") && message.contains("committed by another writer")) {
                System.out.println("MultiNodeTest: " + id + " resends after " + message);
                return;
            }
            errors.add(id + ": " + code + " " + message);
        }
    }
}
