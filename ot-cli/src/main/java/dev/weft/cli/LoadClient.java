package dev.weft.cli;

import dev.weft.client.ClientDocument;
import dev.weft.client.DocumentListener;
import dev.weft.client.RemoteEdit;
import dev.weft.client.WeftClient;
import dev.weft.ot.Component;
import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One simulated user of {@code weft load}: a {@link WeftClient} with one document open, typing
 * short tokens at random positions and now and then deleting a few code points.
 *
 * <p>The user types at the command's rate. Like the three-state client, it keeps at most one
 * operation in flight: what it types meanwhile waits, and goes out composed into one operation
 * when the ack comes. It does the waiting itself rather than leaving it to {@link ClientDocument},
 * because then {@link ClientDocument#flush()} completes exactly at the ack of the operation in
 * flight, which gives each edit's ack latency: from the moment it was typed to the ack of the
 * operation that carried it.
 *
 * <p>Each insert is a unique token, {@code [c3.17]} (client 3's 17th edit), so a client that
 * receives it can tell when it was typed: the end-to-end latency.
 */
final class LoadClient implements DocumentListener, AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("\\[c\\d+\\.\\d+]");
    /** Deletes start once the document is this long, so it grows slowly instead of emptying. */
    private static final int MIN_LENGTH_FOR_DELETES = 64;
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);

    private final String name;
    private final URI server;
    private final WeftClient client;
    private final String documentId;
    private final LoadMetrics metrics;
    private final SplittableRandom random;
    /** When each edit typed while an operation was in flight was typed; guarded by this. */
    private final List<Long> typed = new ArrayList<>();
    /** Whether an operation is in flight; guarded by this. */
    private boolean sending;
    /** Closed loop: whether each ack types the next edit at once. */
    private volatile boolean typingAtAck;
    private ClientDocument document;
    private long openedVersion;
    /** The server's last error to this user (a refused token, say); shown when the open times out. */
    private volatile String lastError;
    private long edits;

    /**
     * Threads every simulated user shares: hundreds of clients with a Jetty thread pool, a
     * selector, a listener thread and a timer thread each would load the machine more than the
     * server does. Each client runs its listener calls on one of the {@code listeners}, each a
     * single thread, so its calls stay in order. {@code token}, if not null, is the signed token
     * every user presents.
     */
    record SharedThreads(WebSocketClient webSocket, List<Executor> listeners, ScheduledExecutorService timers,
                         String token) {}

    LoadClient(int index, URI server, String documentId, LoadMetrics metrics, long seed, SharedThreads threads) {
        this.name = "c" + index;
        this.server = server;
        this.documentId = documentId;
        this.metrics = metrics;
        this.random = new SplittableRandom(seed);
        // A load generator as busy as the server answers pings late: a missed heartbeat must not
        // turn into a reconnect in the middle of a measurement.
        WeftClient.Builder builder = WeftClient.builder(server).user("load " + name, "#607d8b")
                .webSocketClient(threads.webSocket())
                .listenerExecutor(threads.listeners().get(index % threads.listeners().size()))
                .timerExecutor(threads.timers())
                .heartbeat(HEARTBEAT, HEARTBEAT);
        if (threads.token() != null) {
            builder.token(threads.token());
        }
        this.client = builder.build();
    }

    String documentId() {
        return documentId;
    }

    String name() {
        return name;
    }

    /**
     * Connects and opens the document.
     *
     * @throws BadInputException if the server does not answer within {@code timeout}
     */
    void open(Duration timeout) throws InterruptedException {
        client.connect();
        try {
            document = client.open(documentId, this).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            openedVersion = document.version();
        } catch (TimeoutException e) {
            throw new BadInputException("load: no answer from " + server + " within " + timeout.toMillis()
                    + " ms (the connection is " + client.status().name().toLowerCase(java.util.Locale.ROOT) + ")"
                    + (lastError == null ? "" : "; the server said " + lastError));
        } catch (ExecutionException e) {
            throw new BadInputException("load: cannot open \"" + documentId + "\" on " + server + ": "
                    + e.getCause().getMessage(), e);
        }
    }

    /** Types one edit: sends it at once, or after the ack of the operation in flight. */
    void type() {
        synchronized (this) {
            typed.add(System.nanoTime());
            if (sending) {
                return;
            }
            sending = true;
        }
        send();
    }

    /**
     * Closed loop, the fastest this client can go: types one edit now and another at every ack,
     * until {@link #stopTyping()}. The server's speed alone then sets the rate.
     */
    void typeAtEveryAck() {
        typingAtAck = true;
        type();
    }

    /** Ends {@link #typeAtEveryAck()}: what is in flight still goes out, nothing new is typed. */
    void stopTyping() {
        typingAtAck = false;
    }

    /** Whether everything typed has been sent and acked. */
    synchronized boolean idle() {
        return !sending && typed.isEmpty();
    }

    private void send() {
        List<Long> batch;
        synchronized (this) {
            batch = new ArrayList<>(typed);
            typed.clear();
        }
        try {
            document.edit(text -> edits(text, batch));
        } catch (RuntimeException e) {
            metrics.failed(e);
            return;
        }
        document.flush().thenAccept(version -> {
            long now = System.nanoTime();
            batch.forEach(typedAt -> metrics.acked(typedAt, now));
            boolean more;
            synchronized (this) {
                if (typingAtAck) {
                    typed.add(now);
                }
                more = !typed.isEmpty();
                sending = more;
            }
            if (more) {
                send();
            }
        });
    }

    /** One operation holding one random edit per typing time in {@code batch}, each made on the text before it. */
    private TextOperation edits(Rope text, List<Long> batch) {
        TextOperation op = TextOperation.noop();
        for (long typedAt : batch) {
            int length = text.length();
            TextOperation edit;
            if (length >= MIN_LENGTH_FOR_DELETES && random.nextInt(4) == 0) {
                int count = 1 + random.nextInt(3);
                edit = TextOperation.delete(random.nextInt(length - count + 1), count);
                metrics.edited(null, typedAt);
            } else {
                String token = "[" + name + "." + (++edits) + "]";
                edit = TextOperation.insert(random.nextInt(length + 1), token);
                metrics.edited(token, typedAt);
            }
            text = edit.apply(text);
            op = op.compose(edit);
        }
        return op;
    }

    /** Waits until every edit is acked; returns the version reached. */
    long flush(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return document.flush().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The document's version when this client opened it: where this run's commits start (with --doc-prefix, documents may exist). */
    long openedVersion() {
        return openedVersion;
    }

    long version() {
        return document.version();
    }

    Rope text() {
        return document.text();
    }

    @Override
    public void onRemoteEdit(RemoteEdit edit) {
        if (edit.isResync()) {
            return;
        }
        long now = System.nanoTime();
        for (Component component : edit.op().components()) {
            if (component instanceof Component.Insert insert) {
                Matcher token = TOKEN.matcher(insert.text());
                while (token.find()) {
                    metrics.received(token.group(), now);
                }
            }
        }
    }

    @Override
    public void onError(String code, String message) {
        metrics.error(code);
        lastError = code + ": " + message;
    }

    @Override
    public void close() {
        client.close();
    }
}
