package dev.weft.bench;

import dev.weft.client.ClientDocument;
import dev.weft.client.DocumentListener;
import dev.weft.client.WeftClient;
import dev.weft.ot.TextOperation;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.DocumentStore;
import dev.weft.server.store.PostgresDocumentStore;
import dev.weft.server.store.SqliteDocumentStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput of several server nodes on one PostgreSQL database against one node, measured in one
 * run: closed-loop clients (edit, wait for the ack, edit again) spread round-robin over the nodes,
 * all typing into one hot document, or into 100 documents. It reports committed operations per
 * second and the conflict-retry rate (commits that lost their version to another node, per
 * committed operation), as medians over repeated runs, and their ratios to single-node SQLite,
 * and the errors the nodes sent (a commit that used up its retries would be one).
 * docs/benchmarks.md ("Several nodes on PostgreSQL") has the figures.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.weft.bench.ClusterBenchmark [seconds] [repeats] [clients] [only]</pre>
 *
 * The database server is {@code WEFT_TEST_POSTGRES_URL} (default
 * {@code postgresql://127.0.0.1:5432/postgres?user=postgres}); the benchmark creates a database of
 * its own there and drops it at the end.
 */
public final class ClusterBenchmark {
    private static final Pattern METRIC = Pattern.compile("^(weft_ops_committed_total|weft_commit_conflicts_total|weft_errors_sent_total) (\\d+)",
            Pattern.MULTILINE);
    private static final int SPREAD_DOCUMENTS = 100;

    private final String postgres;
    private final Duration duration;
    private final int clients;

    private ClusterBenchmark(String postgres, Duration duration, int clients) {
        this.postgres = postgres;
        this.duration = duration;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        String only = args.length > 3 ? args[3] : "";
        String admin = System.getenv().getOrDefault("WEFT_TEST_POSTGRES_URL",
                "postgresql://127.0.0.1:5432/postgres?user=postgres");
        String database = "weft_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        adminStatement(admin, "CREATE DATABASE " + database);
        try {
            URI base = URI.create(admin);
            String address = "postgresql://" + base.getRawAuthority() + "/" + database
                    + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery());
            new ClusterBenchmark(address, Duration.ofSeconds(seconds), clients).run(repeats, only);
        } finally {
            adminStatement(admin, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Runs every setup {@code repeats} times, or only those whose name contains {@code only}. */
    private void run(int repeats, String only) throws Exception {
        String[] setups = {"sqlite x1", "postgresql x1", "postgresql x3"};
        boolean[] hot = {true, false};
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%d clients, closed loop, %d s per run, %d runs of each%n",
                clients, duration.toSeconds(), repeats);
        for (int r = 1; r <= repeats; r++) {
            for (boolean oneDocument : hot) {
                for (String setup : setups) {
                    String name = setup + (oneDocument ? ", 1 hot document" : ", " + SPREAD_DOCUMENTS + " documents");
                    if (!name.contains(only)) {
                        continue;
                    }
                    double[] figures = measure(setup, oneDocument, "r" + r + (oneDocument ? "h" : "s"));
                    results.computeIfAbsent(name, k -> new ArrayList<>()).add(figures);
                    System.out.printf(Locale.ROOT, "run %d  %-40s %8.0f ops/s  conflict retries %.3f per op  errors %.0f%n",
                            r, name, figures[0], figures[1], figures[2]);
                }
            }
        }
        System.out.println();
        System.out.println("| setup | committed ops/s (median) | vs SQLite x1 | conflict retries per op |");
        System.out.println("|---|---:|---:|---:|");
        Map<Boolean, Double> baseline = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> entry : results.entrySet()) {
            double ops = median(entry.getValue(), 0);
            boolean oneDocument = entry.getKey().contains("hot");
            if (entry.getKey().startsWith("sqlite")) {
                baseline.put(oneDocument, ops);
            }
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.3f |%n", entry.getKey(), ops,
                    ops / baseline.getOrDefault(oneDocument, Double.NaN), median(entry.getValue(), 1));
        }
    }

    /** One run: fresh nodes, clients and documents; returns committed ops/s and conflict retries per op. */
    private double[] measure(String setup, boolean oneDocument, String runId) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        Map<String, String> errorCodes = new java.util.concurrent.ConcurrentHashMap<>();
        DocumentListener errors = new DocumentListener() {
            @Override
            public void onError(String code, String message) {
                errorCodes.merge(code, message, (first, later) -> first);
            }
        };
        Path sqliteDir = null;
        try {
            int nodeCount = setup.endsWith("x3") ? 3 : 1;
            List<Integer> ports = new ArrayList<>();
            for (int n = 0; n < nodeCount; n++) {
                DocumentStore store;
                if (setup.startsWith("sqlite")) {
                    sqliteDir = Files.createTempDirectory("weft-bench-");
                    store = SqliteDocumentStore.open(sqliteDir);
                } else {
                    store = PostgresDocumentStore.open(postgres);
                }
                open.add(store);
                WeftServer server = new WeftServer(ServerConfig.builder().port(0).store(store)
                        .messagesPerSecond(100_000).build()).start();
                open.add(server);
                ports.add(server.port());
            }
            List<List<ClientDocument>> documents = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                WeftClient client = WeftClient.builder(URI.create("ws://127.0.0.1:" + ports.get(c % nodeCount) + "/ws"))
                        .build();
                open.add(client);
                client.connect();
                List<ClientDocument> mine = new ArrayList<>();
                if (oneDocument) {
                    mine.add(client.open(runId + "-hot", errors).get(30, TimeUnit.SECONDS));
                } else {
                    for (int d = c; d < SPREAD_DOCUMENTS; d += clients) {
                        mine.add(client.open(runId + "-doc" + d, errors).get(30, TimeUnit.SECONDS));
                    }
                }
                documents.add(mine);
            }
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService typists = Executors.newFixedThreadPool(clients);
            for (List<ClientDocument> mine : documents) {
                typists.execute(() -> type(mine, stop));
            }
            Thread.sleep(1_000); // warm-up
            long[] before = metrics(ports);
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis());
            long[] after = metrics(ports);
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            typists.shutdown();
            typists.awaitTermination(30, TimeUnit.SECONDS);
            long committed = after[0] - before[0];
            long conflicts = after[1] - before[1];
            long errorsSent = metrics(ports)[2];
            errorCodes.forEach((code, message) -> System.out.printf(Locale.ROOT, "  error %s: %s%n", code, message));
            return new double[] {committed / seconds, committed == 0 ? 0 : (double) conflicts / committed, errorsSent};
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
            if (sqliteDir != null) {
                Directories.deleteTree(sqliteDir);
            }
        }
    }

    /** Edits each of the documents in turn, waiting for each edit's ack: a closed loop. */
    private static void type(List<ClientDocument> documents, AtomicBoolean stop) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; !stop.get(); i++) {
            ClientDocument document = documents.get(i % documents.size());
            try {
                document.edit(text -> TextOperation.insert(random.nextInt(text.length() + 1), "x"));
                document.flush().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (!stop.get()) {
                    throw new IllegalStateException("an edit failed: " + e, e);
                }
            }
        }
    }

    /** Committed ops and conflict retries summed over the nodes' /metrics. */
    private static long[] metrics(List<Integer> ports) throws IOException, InterruptedException {
        long[] sums = new long[3];
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int port : ports) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = METRIC.matcher(body);
            while (m.find()) {
                int index = switch (m.group(1)) {
                    case "weft_ops_committed_total" -> 0;
                    case "weft_commit_conflicts_total" -> 1;
                    default -> 2;
                };
                sums[index] += Long.parseLong(m.group(2));
            }
        }
        return sums;
    }

    private static double median(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static void adminStatement(String admin, String sql) throws SQLException {
        URI uri = URI.create("postgresql://" + admin.substring(admin.indexOf("://") + 3));
        String jdbc = "jdbc:postgresql://" + uri.getRawAuthority() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try (Connection c = DriverManager.getConnection(jdbc); Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}
