package dev.weft.fuzz;

import dev.weft.client.ClientDocument;
import dev.weft.client.ConnectionStatus;
import dev.weft.client.DocumentListener;
import dev.weft.client.ReconnectPolicy;
import dev.weft.client.RemoteEdit;
import dev.weft.client.WeftClient;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One user of a {@link ServerConvergenceRun}: a {@link WeftClient} with a fixed client id and an
 * offline-queue file, connected to the server directly or through a {@link ServerConvergenceProxy}
 * of its own, and the documents it edits. The application can be closed and started again: the
 * new client takes the same id and file, so it sends what the old one left pending.
 *
 * <p>Called from the schedule's thread. The listeners run on the client's listener thread, and
 * now and then answer a remote edit with an edit of their own, as an editor driven by its listeners
 * does: so each client takes edits from two threads at once.
 */
final class ServerConvergenceUser implements AutoCloseable {
    /** Reconnects within a quarter second, so a run spends its time editing rather than waiting. */
    private static final ReconnectPolicy QUICK_RECONNECT =
            new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(250), 2.0, 0.5);
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(250);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(1);
    /** Deleting grows likelier as the text grows, so documents hover around this many tokens. */
    private static final int TYPICAL_TOKENS = 50;
    /**
     * Each listener answers one remote edit in this many. At most seven others see an edit, so an
     * edit draws fewer than one answer on average, and chains of answers die out.
     */
    private static final int REPLY_ONE_IN = 10;

    private final String name;
    private final Path offlineQueue;
    private final int serverPort;
    private final ServerConvergenceProxy proxy;
    private final List<String> documentIds;
    private final ServerConvergenceLedger ledger;
    /** Draws the listeners' replies; timing decides which remote edits they answer anyway. */
    private final Random replies;
    private final Map<String, CompletableFuture<ClientDocument>> documents = new LinkedHashMap<>();
    private WeftClient client;
    private boolean partitioned;
    private volatile boolean replying = true;
    /**
     * Numbers this user's tokens. Atomic: a closing client's listener may still compute an edit
     * (which the closed document then refuses) while the schedule edits through the next client.
     */
    private final AtomicInteger tokens = new AtomicInteger();

    /**
     * @param proxy the relay to connect through, or null to connect to the server directly
     */
    ServerConvergenceUser(String name, Path offlineQueue, int serverPort, ServerConvergenceProxy proxy,
                          List<String> documentIds, ServerConvergenceLedger ledger, long replySeed) {
        this.name = name;
        this.offlineQueue = offlineQueue;
        this.serverPort = serverPort;
        this.proxy = proxy;
        this.documentIds = List.copyOf(documentIds);
        this.ledger = ledger;
        this.replies = new Random(replySeed);
    }

    String name() {
        return name;
    }

    boolean isProxied() {
        return proxy != null;
    }

    boolean isRunning() {
        return client != null;
    }

    boolean isPartitioned() {
        return partitioned;
    }

    /** Starts the application: a new client with this user's id and offline-queue file, its documents opening. */
    void start() {
        if (client != null) {
            throw new IllegalStateException(name + " is running already");
        }
        int port = proxy != null ? proxy.port() : serverPort;
        client = WeftClient.builder(URI.create("ws://127.0.0.1:" + port + "/ws"))
                .clientId("user-" + name)
                .user(name, "#3f51b5")
                .reconnectPolicy(QUICK_RECONNECT)
                .heartbeat(HEARTBEAT_INTERVAL, HEARTBEAT_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(2))
                .offlineQueue(offlineQueue)
                .build();
        client.connect();
        for (String id : documentIds) {
            Watcher watcher = new Watcher(id);
            // Completes at once for a document with pending edits in the file, else on the snapshot.
            CompletableFuture<ClientDocument> opened = client.open(id, watcher);
            opened.thenAccept(watcher::loaded);
            documents.put(id, opened);
        }
    }

    /** Stops answering remote edits, so that the clients can settle. */
    void stopReplying() {
        replying = false;
    }

    /** Closes the application: pending edits stay in the offline-queue file for the next start. */
    void stop() {
        if (client != null) {
            client.close();
            client = null;
            documents.clear();
        }
    }

    /** Cuts the connection (proxied users only); the client reconnects by itself. */
    void cut() {
        proxy.cut();
    }

    /** Makes the connection go silent (proxied users only); the heartbeat must notice. */
    void stall() {
        proxy.stall();
    }

    /** Starts or ends a partition from the server (proxied users only); edits go on offline. */
    void partition(boolean partition) {
        partitioned = partition;
        proxy.refuse(partition);
    }

    /**
     * Makes one random edit to one of the user's loaded documents, computed from the local text
     * under the client's lock, and records its tokens in the ledger.
     *
     * @return whether an edit was made (not while the application is closed or a document loads)
     */
    boolean edit(Random random) {
        if (client == null) {
            return false;
        }
        String id = documentIds.get(random.nextInt(documentIds.size()));
        CompletableFuture<ClientDocument> opened = documents.get(id);
        if (!opened.isDone() || opened.isCompletedExceptionally()) {
            return false;
        }
        edit(opened.join(), random);
        return true;
    }

    /** Edits {@code document} at random and records the tokens, once the edit is accepted. */
    private void edit(ClientDocument document, Random random) {
        List<String> inserted = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        document.edit(text -> randomEdit(text.toString(), random, inserted, deleted));
        ledger.edited(document.id(), inserted, deleted);
    }

    /**
     * Up to three inserts of new tokens at token boundaries and deletes of whole tokens, in one
     * operation; see {@link ServerConvergenceLedger} for why edits keep to tokens.
     */
    private TextOperation randomEdit(String text, Random random, List<String> inserted, List<String> deleted) {
        List<String> current = Tokens.parse(text);
        int n = current.size();
        double deleteChance = Math.min(0.75, n / (double) TYPICAL_TOKENS);
        int[] insertsAt = new int[n + 1];
        boolean[] delete = new boolean[n];
        for (int action = 1 + random.nextInt(3); action > 0; action--) {
            if (n > 0 && random.nextDouble() < deleteChance) {
                delete[random.nextInt(n)] = true;
            } else {
                insertsAt[random.nextInt(n + 1)]++;
            }
        }
        TextOperation.Builder op = TextOperation.builder();
        for (int i = 0; i <= n; i++) {
            for (int k = insertsAt[i]; k > 0; k--) {
                String token = Tokens.create(name + "n", tokens.incrementAndGet(), random);
                inserted.add(token);
                op.insert(token);
            }
            if (i == n) {
                break;
            }
            String token = current.get(i);
            if (!delete[i]) {
                op.retain(Tokens.length(token));
            } else {
                deleted.add(token);
                // With or without the deleted text: the server takes both.
                if (random.nextBoolean()) {
                    op.delete(token);
                } else {
                    op.delete(Tokens.length(token));
                }
            }
        }
        return op.build();
    }

    /**
     * Whether the user is online, and every document is loaded, has nothing pending and is at the
     * server's version.
     */
    boolean isSettledAt(Map<String, ServerConvergenceServer.State> server) {
        if (client == null || client.status() != ConnectionStatus.ONLINE) {
            return false;
        }
        for (String id : documentIds) {
            CompletableFuture<ClientDocument> opened = documents.get(id);
            if (!opened.isDone() || opened.isCompletedExceptionally()) {
                return false;
            }
            ClientDocument document = opened.join();
            if (document.hasPendingEdits() || document.version() != server.get(id).version()) {
                return false;
            }
        }
        return true;
    }

    /** Fails unless every document's local text is the server's. */
    void checkTextIsTheServers(Map<String, ServerConvergenceServer.State> server) {
        for (String id : documentIds) {
            String local = documents.get(id).join().text().toString();
            ServerConvergenceServer.State state = server.get(id);
            if (!local.equals(state.text())) {
                throw new AssertionError(name + "'s text of " + id + " at version " + state.version()
                        + " differs from the server's:\n  " + name + ": " + local + "\n  server: " + state.text());
            }
        }
    }

    /** The user's state for a failure message. */
    String describe() {
        StringBuilder out = new StringBuilder(name).append(proxy != null ? " (proxied" : " (direct")
                .append(partitioned ? ", partitioned" : "").append("): ");
        if (client == null) {
            return out.append("application closed").toString();
        }
        out.append(client.status());
        documents.forEach((id, opened) -> {
            out.append(", ").append(id).append(' ');
            if (!opened.isDone()) {
                out.append("loading");
            } else if (opened.isCompletedExceptionally()) {
                out.append("failed to open");
            } else {
                ClientDocument document = opened.join();
                out.append('v').append(document.version()).append(document.hasPendingEdits() ? " pending" : "")
                        .append(", ").append(document.text().length()).append(" code points");
            }
        });
        return out.toString();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /**
     * Checks that every remote change keeps the local text whole tokens, records anomalies, and
     * answers some remote edits.
     */
    private final class Watcher implements DocumentListener {
        private final String documentId;
        /** Set once the document loaded; the remote edits of a catch-up come before. */
        private volatile ClientDocument document;

        Watcher(String documentId) {
            this.documentId = documentId;
        }

        @Override
        public void onRemoteEdit(RemoteEdit edit) {
            if (edit.isResync()) {
                ledger.resync();
            }
            try {
                Tokens.parse(edit.text().toString());
            } catch (AssertionError e) {
                ledger.brokenText(name, documentId, edit.version(), e.getMessage());
            }
            if (document != null && replying && replies.nextInt(REPLY_ONE_IN) == 0) {
                try {
                    edit(document, replies);
                } catch (IllegalStateException e) {
                    // The application was closed meanwhile; the document refused the edit.
                }
            }
        }

        void loaded(ClientDocument loaded) {
            document = loaded;
        }

        @Override
        public void onError(String code, String message) {
            ledger.error(name, documentId, code, message);
        }
    }

    /** Creates a proxy for a user, so the constructor need not throw. */
    static ServerConvergenceProxy proxyTo(int serverPort) {
        try {
            return new ServerConvergenceProxy(serverPort);
        } catch (IOException e) {
            throw new AssertionError("could not open a proxy port: " + e.getMessage(), e);
        }
    }
}
