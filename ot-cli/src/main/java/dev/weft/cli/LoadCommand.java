package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft load URL}: N clients (ot-client) edit M fresh documents at a target rate for a
 * while; then it reports the committed operations per second and the ack and end-to-end latency
 * percentiles, and checks that every client converged to the server's text.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {
            "Generates load on a running server: N clients edit M new documents at a target rate for a duration,"
                    + " then it reports committed ops per second, ack and end-to-end latency percentiles, and checks"
                    + " that every client converged to the server's text (exit 1 if not).",
            "URL is the server's WebSocket, e.g. ws://127.0.0.1:8080/ws (http://127.0.0.1:8080 works too)."})
final class LoadCommand implements Callable<Integer> {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    /** As {@code WeftClient}'s own limit: a snapshot of the largest document the server allows. */
    private static final long MAX_MESSAGE_BYTES = 256L << 20;
    /** Listener threads the simulated users share: as many as the cores a load generator may use. */
    private static final int LISTENER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "the server's WebSocket URL")
    private String url;

    @Option(names = {"-c", "--clients"}, paramLabel = "N", defaultValue = "8", description = "clients (default: ${DEFAULT-VALUE})")
    private int clients;

    @Option(names = {"-m", "--documents"}, paramLabel = "M", defaultValue = "2",
            description = "documents, shared round-robin by the clients (default: ${DEFAULT-VALUE})")
    private int documents;

    @Option(names = {"-r", "--rate"}, paramLabel = "R", defaultValue = "50",
            description = "edits per second over all clients (default: ${DEFAULT-VALUE})")
    private double rate;

    @Option(names = {"-t", "--duration"}, paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "how long to edit: 500ms, 10s, 2m... (default: ${DEFAULT-VALUE})")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "0s", converter = DurationConverter.class,
            description = "edit this long first without counting it, so both JVMs have compiled the hot code"
                    + " (default: ${DEFAULT-VALUE})")
    private Duration warmup;

    @Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "how long a client may take to connect and open its document (default: ${DEFAULT-VALUE})")
    private Duration connectTimeout;

    @Option(names = "--max-rate",
            description = "closed loop: each client types its next edit the moment the previous one is acked, so the"
                    + " server sets the rate (--rate is ignored)")
    private boolean maxRate;

    @Option(names = "--json", paramLabel = "FILE",
            description = "also write the figures to FILE as JSON (what the scripts in bench/scripts read)")
    private Path jsonFile;

    @Option(names = "--doc-prefix", paramLabel = "P",
            description = "document ids are P0, P1, ... (default: load-<random>-, new documents each run)")
    private String documentPrefix;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "a signed token (JWT) that every simulated user presents, read from FILE; the "
                    + "WEFT_TOKEN variable works too. Needed against a server with token auth")
    private Path tokenFile;

    /** The token every simulated user and the final check present; null for none. */
    private String token;

    /** Each document's version where counting starts: as opened, or at the end of the warm-up. */
    private List<Long> baseline;

    @Override
    public Integer call() throws InterruptedException {
        checkOptions();
        URI webSocket = webSocketUri(url);
        String prefix = documentPrefix != null ? documentPrefix
                : "load-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "load: %d clients over %d documents (%s0...) at %s for %s%s, against %s%n",
                clients, documents, prefix, maxRate ? "the highest rate (closed loop)"
                        : String.format(Locale.ROOT, "%.1f edits/s", rate), describe(duration),
                warmup.isZero() ? "" : " after a warm-up of " + describe(warmup), webSocket);
        out.flush();
        token = readToken();
        LoadMetrics metrics = new LoadMetrics();
        List<LoadClient> users = new ArrayList<>();
        WebSocketClient jetty = sharedWebSocketClient();
        List<ExecutorService> listeners = new ArrayList<>();
        for (int i = 0; i < LISTENER_THREADS; i++) {
            listeners.add(Executors.newSingleThreadExecutor(daemon("weft-load-listener-" + i)));
        }
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("weft-load-timers"));
        LoadClient.SharedThreads threads = new LoadClient.SharedThreads(jetty, List.copyOf(listeners), timers, token);
        try {
            for (int i = 0; i < clients; i++) {
                LoadClient user = new LoadClient(i, webSocket, prefix + (i % documents), metrics, i, threads);
                users.add(user);
                user.open(connectTimeout);
            }
            long elapsed = edit(users, metrics);
            List<Long> versions = settle(users, metrics);
            return report(out, users, metrics, elapsed, httpBase(webSocket), versions);
        } finally {
            users.forEach(LoadClient::close);
            listeners.forEach(ExecutorService::shutdown);
            timers.shutdownNow();
            try {
                jetty.stop();
            } catch (Exception e) {
                spec.commandLine().getErr().println("weft: load: could not stop the WebSocket client: " + e.getMessage());
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One Jetty client for every simulated user: its thread pool and selector serve them all. */
    private WebSocketClient sharedWebSocketClient() {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("weft-load-io");
        threads.setDaemon(true);
        org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
        http.setExecutor(threads);
        http.setConnectTimeout(connectTimeout.toMillis());
        WebSocketClient jetty = new WebSocketClient(http);
        jetty.setIdleTimeout(Duration.ofMinutes(5));
        jetty.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("load: could not start the WebSocket client: " + e.getMessage(), e);
        }
        return jetty;
    }

    /** Runs every client's edits at its share of the rate for the duration; returns the nanoseconds it took. */
    /**
     * Lets the users type for the warm-up, then starts counting: from then on edits, latencies and
     * committed versions count. Returns when counting started. Each document's first version
     * counted is the highest its clients know when the warm-up ends.
     */
    private long warmUp(List<LoadClient> users, LoadMetrics metrics) throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        long start = System.nanoTime();
        if (!warmup.isZero()) {
            metrics.measureFrom(start);
        }
        baseline = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            baseline.add(users.get(d).openedVersion());
        }
        if (!warmup.isZero()) {
            for (int i = 0; i < users.size(); i++) {
                baseline.set(i % documents, Math.max(baseline.get(i % documents), users.get(i).version()));
            }
        }
        return start;
    }

    private long edit(List<LoadClient> users, LoadMetrics metrics) throws InterruptedException {
        if (maxRate) {
            users.forEach(LoadClient::typeAtEveryAck);
            long start = warmUp(users, metrics);
            Thread.sleep(duration.toMillis());
            users.forEach(LoadClient::stopTyping);
            return System.nanoTime() - start;
        }
        long periodNanos = (long) (users.size() * 1e9 / rate);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "weft-load");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < users.size(); i++) {
            scheduler.scheduleAtFixedRate(users.get(i)::type, periodNanos * i / users.size(), periodNanos,
                    TimeUnit.NANOSECONDS);
        }
        long start = warmUp(users, metrics);
        Thread.sleep(duration.toMillis());
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        return System.nanoTime() - start;
    }

    /** Waits until every client's edits are sent and acked; returns each client's version, -1 if it did not finish. */
    private List<Long> settle(List<LoadClient> users, LoadMetrics metrics) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        List<Long> versions = new ArrayList<>();
        for (LoadClient user : users) {
            while (!user.idle() && metrics.failure() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (metrics.failure() != null) {
                throw new IllegalStateException("a load client failed: " + metrics.failure(), metrics.failure());
            }
            try {
                versions.add(user.idle() ? user.flush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) : -1L);
            } catch (ExecutionException | TimeoutException e) {
                versions.add(-1L);
            }
        }
        return versions;
    }

    private int report(PrintWriter out, List<LoadClient> users, LoadMetrics metrics, long elapsedNanos, URI http,
                       List<Long> settled) throws InterruptedException {
        double seconds = elapsedNanos / 1e9;
        List<String> problems = new ArrayList<>();
        long committed = 0;
        List<String> lines = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            String id = users.get(d).documentId();
            ServerText server = serverText(http, id, token);
            committed += server.version() - baseline.get(d);
            lines.add(String.format(Locale.ROOT, "  %-22s version %,d, %,d code points", id, server.version(),
                    server.text().codePointCount(0, server.text().length())));
            problems.addAll(converge(users, id, server));
        }
        out.printf(Locale.ROOT, "edits          %,d (%,.1f/s)%s%n", metrics.edits(), metrics.edits() / seconds,
                metrics.errors().isEmpty() ? "" : ", server errors " + metrics.errors());
        out.printf(Locale.ROOT, "committed ops  %,d (%,.1f/s)%n", committed, committed / seconds);
        out.println("ack latency    " + percentiles(metrics.ackLatency(), "edits"));
        out.println("end-to-end     " + (clients == documents
                ? "no samples: every document has a single client" : percentiles(metrics.endToEndLatency(), "deliveries")));
        settled.stream().filter(v -> v < 0).findFirst().ifPresent(v -> problems.add(0, "some edits were never acked"));
        out.println("converged      " + (problems.isEmpty() ? "yes: every client has the server's text" : "NO"));
        lines.forEach(out::println);
        problems.forEach(problem -> out.println("  " + problem));
        out.flush();
        if (jsonFile != null) {
            LoadReport json = new LoadReport(clients, documents, maxRate ? null : rate, seconds);
            json.warmup(warmup.toMillis() / 1000.0);
            json.counts(metrics.edits(), committed, metrics.errors());
            json.latencies(metrics.ackLatency(), metrics.endToEndLatency());
            json.converged(problems.isEmpty());
            json.write(jsonFile);
        }
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** Waits (up to a few seconds) for every client of the document to reach the server's version, then compares texts. */
    private static List<String> converge(List<LoadClient> users, String id, ServerText server) throws InterruptedException {
        List<LoadClient> readers = users.stream().filter(u -> u.documentId().equals(id)).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && readers.stream().anyMatch(u -> u.version() < server.version())) {
            Thread.sleep(20);
        }
        List<String> problems = new ArrayList<>();
        for (LoadClient reader : readers) {
            String text = reader.text().toString();
            String difference = TextComparison.describeDifference(server.text(), text, "the server's text");
            if (reader.version() != server.version() || difference != null) {
                problems.add(String.format(Locale.ROOT, "%s on %s: version %,d (server %,d)%s", reader.name(), id,
                        reader.version(), server.version(), difference == null ? "" : ", text " + difference));
            }
        }
        return problems;
    }

    private record ServerText(long version, String text) {}

    /** The token of {@code --token-file}, else of WEFT_TOKEN; null for none. */
    private String readToken() {
        if (tokenFile == null) {
            String variable = System.getenv("WEFT_TOKEN");
            return variable == null || variable.isBlank() ? null : variable.strip();
        }
        String read;
        try {
            read = Files.readString(tokenFile).strip();
        } catch (IOException e) {
            throw new BadInputException("load: cannot read the token file " + tokenFile + ": " + e.getMessage(), e);
        }
        if (read.isEmpty()) {
            throw new BadInputException("load: the token file " + tokenFile + " is empty");
        }
        return read;
    }

    private static ServerText serverText(URI http, String id, String token) throws InterruptedException {
        URI document = http.resolve("/api/docs/" + id);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(document).timeout(Duration.ofSeconds(10));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new BadInputException("load: GET " + document + " answered " + response.statusCode());
            }
            JsonNode body = Json.MAPPER.readTree(response.body());
            return new ServerText(body.get("v").asLong(), body.get("text").asText());
        } catch (IOException e) {
            throw new BadInputException("load: cannot read " + document + " to check convergence: " + e.getMessage(), e);
        }
    }

    private static String percentiles(Histogram micros, String what) {
        if (micros.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (%,d %s)",
                millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)), millis(micros.getValueAtPercentile(99.9)),
                millis(micros.getMaxValue()), micros.getTotalCount(), what);
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private void checkOptions() {
        if (clients < 1 || clients > 10_000) {
            throw new BadInputException("load: --clients must be between 1 and 10000, was " + clients);
        }
        if (documents < 1 || documents > clients) {
            throw new BadInputException("load: --documents must be between 1 and the number of clients (" + clients
                    + "), was " + documents);
        }
        if (!(rate > 0) || rate > 1_000_000) {
            throw new BadInputException("load: --rate must be above 0 and at most 1000000 edits/s, was " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new BadInputException("load: --duration must be positive, was " + duration);
        }
    }

    /** {@code ws://h:p/ws} as given; {@code http://h:p} becomes {@code ws://h:p/ws}. */
    static URI webSocketUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new BadInputException("load: not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !List.of("ws", "wss", "http", "https").contains(scheme)) {
            throw new BadInputException("load: expected a ws:// or http:// URL with a host, was " + url);
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/") ? "/ws" : uri.getPath();
        String webSocketScheme = scheme.equals("http") ? "ws" : scheme.equals("https") ? "wss" : scheme;
        return URI.create(webSocketScheme + "://" + uri.getRawAuthority() + path);
    }

    private static URI httpBase(URI webSocket) {
        return URI.create((webSocket.getScheme().equals("wss") ? "https" : "http") + "://" + webSocket.getRawAuthority() + "/");
    }
}
