package dev.weft.fuzz;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One seeded run of {@link ServerConvergenceTest}: 5 to 8 {@link ServerConvergenceUser}s on one
 * or two documents of a real server ({@link ServerConvergenceServer}), following a random
 * schedule of edits, connection cuts, stalls, partitions, application restarts and 1 to 3 server
 * restarts; then everything heals, the clients settle, and the run checks that they converged.
 *
 * <p>The seed fixes the schedule: the parameters, who does what at which step, the edits made
 * from a given text, the pauses. It cannot fix the threads: which messages cross on the wire, and
 * so the texts the edits are made from, vary from run to run.
 */
final class ServerConvergenceRun implements AutoCloseable {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> DOCUMENT_IDS = List.of("notes", "todo");

    /** Something to do at a step of the schedule; {@code order} keeps ties in the order they were planned. */
    private record Due(int step, long order, Action action) {}

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private final long seed;
    private final Random random;
    private final Path directory;
    private final ServerConvergenceServer server;
    private final ServerConvergenceLedger ledger = new ServerConvergenceLedger();
    private final List<ServerConvergenceUser> users = new CopyOnWriteArrayList<>();
    private final List<String> documentIds;
    private final int userCount;
    private final int steps;
    private final int maxPauseMillis;
    private final double disruptionRate;
    private final PriorityQueue<Due> due =
            new PriorityQueue<>(Comparator.comparingInt(Due::step).thenComparingLong(Due::order));
    /** Read by the test's thread too, when a round hangs. */
    private final List<String> log = new CopyOnWriteArrayList<>();
    private long planned;
    private int step;
    private int edits;
    private int serverRestarts;
    private int appRestarts;
    private int cuts;
    private int stalls;
    private int partitions;
    private Map<String, ServerConvergenceServer.State> finalStates = Map.of();
    private long startNanos;
    private long scheduleNanos;
    private long settleNanos;

    ServerConvergenceRun(long seed, Path directory) {
        this.seed = seed;
        this.random = new Random(seed);
        this.directory = directory;
        this.server = new ServerConvergenceServer(directory.resolve("data"));
        this.documentIds = DOCUMENT_IDS.subList(0, 1 + random.nextInt(2));
        this.userCount = 5 + random.nextInt(4);
        this.steps = 150 + random.nextInt(150);
        this.maxPauseMillis = 5 + random.nextInt(21);
        this.disruptionRate = 0.03 + random.nextDouble() * 0.07;
        for (int restarts = 1 + random.nextInt(3); restarts > 0; restarts--) {
            plan(steps / 10 + random.nextInt(steps * 7 / 10), this::restartServer);
        }
    }

    /** Runs the schedule, heals everything, waits for the clients to settle and checks convergence. */
    void run() throws Exception {
        startNanos = System.nanoTime();
        server.start();
        startUsers();
        for (step = 0; step < steps; step++) {
            runDue(step);
            ServerConvergenceUser user = users.get(random.nextInt(users.size()));
            if (random.nextDouble() < disruptionRate) {
                disrupt(user);
            } else {
                for (int burst = 1 + random.nextInt(3); burst > 0; burst--) {
                    edits += user.edit(random) ? 1 : 0;
                }
            }
            Thread.sleep(random.nextInt(maxPauseMillis + 1));
        }
        users.forEach(ServerConvergenceUser::stopReplying);
        heal();
        scheduleNanos = System.nanoTime() - startNanos;
        finalStates = awaitSettled();
        settleNanos = System.nanoTime() - startNanos - scheduleNanos;
        check(finalStates);
    }

    private void startUsers() {
        for (int i = 0; i < userCount; i++) {
            // User 0 always connects directly, so a client finds the restarted server on its port by itself.
            boolean proxied = i > 0 && random.nextInt(3) > 0;
            List<String> opens = new ArrayList<>(List.of(documentIds.get(i % documentIds.size())));
            if (documentIds.size() > 1 && random.nextBoolean()) {
                opens.add(documentIds.get((i + 1) % documentIds.size()));
            }
            String name = "c" + i;
            ServerConvergenceUser user = new ServerConvergenceUser(name, directory.resolve(name + "-queue.json"),
                    server.port(), proxied ? ServerConvergenceUser.proxyTo(server.port()) : null, opens, ledger,
                    random.nextLong());
            users.add(user);
            user.start();
        }
    }

    /** A one-line description of the run, for logs and failure messages. */
    String describe() {
        long proxied = users.stream().filter(ServerConvergenceUser::isProxied).count();
        int allEdits = ledger.editCount();
        return "seed " + seed + ": " + users.size() + " users (" + proxied + " proxied) on " + documentIds + ", "
                + steps + " steps of up to " + maxPauseMillis + " ms, disruption rate "
                + String.format("%.3f", disruptionRate) + "; "
                + allEdits + " edits (" + (allEdits - edits) + " answering remote edits), "
                + ledger.insertedCount() + " tokens inserted, " + ledger.deletedCount() + " deleted; "
                + serverRestarts + " server restarts, " + appRestarts + " application restarts, " + cuts + " cuts, "
                + stalls + " stalls, " + partitions + " partitions; " + ledger.anomalies() + "; "
                + "final versions " + versions() + "; "
                + String.format("%.1f s to set up and run the schedule, %.1f s to settle",
                        scheduleNanos / 1e9, settleNanos / 1e9);
    }

    /** The disruptions in the order they happened, for failure messages. */
    String history() {
        return String.join("\n", log);
    }

    private String versions() {
        Map<String, Long> versions = new LinkedHashMap<>();
        finalStates.forEach((id, state) -> versions.put(id, state.version()));
        return versions.toString();
    }

    private void disrupt(ServerConvergenceUser user) {
        if (!user.isRunning()) {
            return;
        }
        int choice = random.nextInt(user.isProxied() ? 4 : 1);
        if (choice == 0) {
            user.stop();
            appRestarts++;
            note(user.name() + " closes its application");
            plan(step + 1 + random.nextInt(30), () -> {
                note(user.name() + " starts its application again");
                user.start();
            });
        } else if (user.isPartitioned()) {
            return;
        } else if (choice == 1) {
            cuts++;
            note(user.name() + "'s connection is cut");
            user.cut();
        } else if (choice == 2) {
            stalls++;
            note(user.name() + "'s connection stalls");
            user.stall();
        } else {
            partitions++;
            note(user.name() + " is partitioned from the server");
            user.partition(true);
            plan(step + 5 + random.nextInt(60), () -> {
                note(user.name() + "'s partition heals");
                user.partition(false);
            });
        }
    }

    /** Stops the server now and starts it again some steps later; waits while it is down already. */
    private void restartServer() {
        if (!server.isRunning()) {
            plan(step + 5, this::restartServer);
            return;
        }
        serverRestarts++;
        note("the server stops");
        server.stop();
        plan(step + 5 + random.nextInt(40), () -> {
            note("the server starts on port " + server.port());
            server.start();
        });
    }

    private void plan(int atStep, Action action) {
        due.add(new Due(atStep, planned++, action));
    }

    private void runDue(int now) throws Exception {
        while (!due.isEmpty() && due.peek().step() <= now) {
            due.poll().action().run();
        }
    }

    /** Runs what is still planned (server starts and restarts, partitions ending, applications starting), in order. */
    private void heal() throws Exception {
        while (!due.isEmpty()) {
            Due next = due.poll();
            step = Math.max(step, next.step());
            next.action().run();
            Thread.sleep(maxPauseMillis);
        }
    }

    private void note(String what) {
        log.add("step " + step + ": " + what);
    }

    /** Waits until every user is online with nothing pending at the server's version of each document. */
    private Map<String, ServerConvergenceServer.State> awaitSettled() throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (true) {
            Map<String, ServerConvergenceServer.State> states = new LinkedHashMap<>();
            for (String id : documentIds) {
                states.put(id, server.read(id));
            }
            if (users.stream().allMatch(user -> user.isSettledAt(states))) {
                return states;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder users = new StringBuilder();
                this.users.forEach(user -> users.append("\n  ").append(user.describe()));
                throw new AssertionError("the clients did not settle within " + SETTLE_TIMEOUT.toSeconds()
                        + " s after the schedule ended; the server has " + states + users);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Every client holds the server's text; the text passes the token check; no client ever held
     * broken tokens; and the stored history, replayed, gives the server's text and version.
     */
    private void check(Map<String, ServerConvergenceServer.State> states) {
        users.forEach(user -> user.checkTextIsTheServers(states));
        ledger.checkTextsStayedWhole();
        states.forEach((id, state) -> ledger.checkTokens(id, state.text()));
        users.forEach(ServerConvergenceUser::stop);
        server.stop();
        states.forEach((id, state) -> {
            ServerConvergenceServer.State replayed = server.replayStoredHistory(id);
            if (!replayed.equals(state)) {
                throw new AssertionError(id + ": replaying the stored history gives version " + replayed.version()
                        + " \"" + replayed.text() + "\", but the server served version " + state.version()
                        + " \"" + state.text() + "\"");
            }
        });
    }

    /** Closes every client, proxy and the server, whatever state the run is in. */
    @Override
    public void close() {
        for (ServerConvergenceUser user : users) {
            try {
                user.close();
            } catch (RuntimeException e) {
                System.err.println("could not close " + user.name() + ": " + e);
            }
        }
        server.close();
    }
}
