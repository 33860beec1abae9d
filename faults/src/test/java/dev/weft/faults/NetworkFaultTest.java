package dev.weft.faults;

import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network faults: every user reaches the server through a {@link FaultyProxy} of its own, and a
 * seeded schedule cuts, stalls (and later resumes) and partitions those links at random while
 * everyone edits. After the network heals, {@link HistoryCheck}: all converge, no acked op lost
 * or moved, no edit lost or doubled. {@code -Dweft.long=true} runs for 2 minutes instead of 8 s.
 */
class NetworkFaultTest {
    private static final List<String> DOCUMENTS = List.of("north", "south");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void cutsStallsAndPartitions_afterHealing_everyoneConvergesNothingLostOrDoubled() throws Exception {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        long durationMillis = Seeds.soak() ? 120_000 : 8_000;
        int userCount = 3 + random.nextInt(3);
        String header = "network faults, seed " + seed + ": " + userCount + " users for " + durationMillis + " ms";
        System.out.println(header);

        WeftServer server = new WeftServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .dataDirectory(dir.resolve("data")).heartbeatInterval(Duration.ofMillis(500)).build()).start();
        List<FaultyProxy> proxies = new ArrayList<>();
        List<EditingUser> users = new ArrayList<>();
        StringBuilder schedule = new StringBuilder();
        int cuts = 0;
        int stalls = 0;
        int partitions = 0;
        try {
            for (int u = 0; u < userCount; u++) {
                FaultyProxy proxy = new FaultyProxy(server.port());
                proxies.add(proxy);
                users.add(new EditingUser("n" + u, URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
                        u == 0 || random.nextBoolean() ? DOCUMENTS : List.of(DOCUMENTS.get(random.nextInt(2))),
                        random.nextLong()));
            }
            users.forEach(EditingUser::startEditing);
            long start = System.nanoTime();
            long[] faultEnds = new long[userCount];
            long now = 0;
            while (now < durationMillis) {
                long pause = 30 + random.nextInt(250);
                int u = random.nextInt(userCount);
                int kind = random.nextInt(10);
                long length = 100 + random.nextInt(kind < 8 ? 1_500 : 3_000);
                Thread.sleep(pause);
                now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                healExpired(proxies, faultEnds, now);
                FaultyProxy proxy = proxies.get(u);
                if (kind < 4) {
                    proxy.cut();
                    cuts++;
                    schedule.append(String.format("%6d ms: cut n%d%n", now, u));
                } else if (faultEnds[u] == 0 && kind < 8) {
                    proxy.stall();
                    faultEnds[u] = now + length;
                    stalls++;
                    schedule.append(String.format("%6d ms: stall n%d for %d ms%n", now, u, length));
                } else if (faultEnds[u] == 0) {
                    proxy.partition(true);
                    proxy.cut();
                    faultEnds[u] = now + length;
                    partitions++;
                    schedule.append(String.format("%6d ms: partition n%d for %d ms%n", now, u, length));
                }
            }
            proxies.forEach(FaultyProxy::heal);
            Thread.sleep(200);
            for (EditingUser user : users) {
                user.stopEditing();
            }
            ServerApi api = new ServerApi(server.port());
            HistoryCheck.awaitConvergence(api, users);
            HistoryCheck check = new HistoryCheck();
            check.check(api, DOCUMENTS, users);
            server.stop();
            check.checkStore(dir.resolve("data"));
            long connections = proxies.stream().mapToLong(FaultyProxy::connections).sum();
            System.out.printf("%s: %d cuts, %d stalls, %d partitions, %d connections; %d edits, %d ops checked,"
                    + " %d acks and %d submissions matched%n", header, cuts, stalls, partitions, connections,
                    users.stream().mapToLong(EditingUser::edits).sum(), check.opsChecked(), check.acksChecked(),
                    check.submissionsChecked());
        } catch (AssertionError | Exception e) {
            throw new AssertionError(header + "\n" + Seeds.reproduce("NetworkFaultTest", seed) + "\n" + schedule, e);
        } finally {
            users.forEach(EditingUser::close);
            proxies.forEach(FaultyProxy::close);
            server.stop();
        }
    }

    private static void healExpired(List<FaultyProxy> proxies, long[] faultEnds, long now) {
        for (int u = 0; u < faultEnds.length; u++) {
            if (faultEnds[u] != 0 && faultEnds[u] <= now) {
                proxies.get(u).heal();
                faultEnds[u] = 0;
            }
        }
    }
}
