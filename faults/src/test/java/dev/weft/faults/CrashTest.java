package dev.weft.faults;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash suite: the real server in a process of its own, several real clients editing several
 * documents, and SIGKILL at random points, again and again, each time restarted on the same data
 * directory and port. Afterwards {@link HistoryCheck}: every op ever acked is stored once, at the
 * version it was acked with, in ack order; nothing any client sent is lost or doubled; every client
 * converged; and the store on disk, opened after a last SIGKILL, holds the same history.
 *
 * <p>The seed fixes the schedule (how many users, their documents, their edits, when each kill
 * comes, how long the server stays down), not the threads: which edit a kill interrupts differs
 * from run to run. {@code -Dweft.long=true} runs 60 kills instead of 6.
 */
class CrashTest {
    private static final List<String> DOCUMENTS = List.of("alpha", "beta", "gamma", "delta");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void kill9AtRandomPoints_everyAckedOpStoredOnceInAckOrder_clientsConverge() throws Exception {
        long seed = Seeds.seed();
        Random random = new Random(seed);
        boolean soak = Seeds.soak();
        int kills = soak ? 60 : 6;
        int snapshotInterval = 20 + random.nextInt(60);
        int userCount = 4 + random.nextInt(soak ? 5 : 2);
        String header = "crash suite, seed " + seed + ": " + userCount + " users, " + kills
                + " kills, snapshot every " + snapshotInterval + " ops";
        System.out.println(header);

        Path data = dir.resolve("data");
        List<EditingUser> users = new ArrayList<>();
        ServerProcess server = ServerProcess.start(data, 0, snapshotInterval);
        int port = server.port();
        StringBuilder schedule = new StringBuilder();
        try {
            for (int u = 0; u < userCount; u++) {
                users.add(new EditingUser("c" + u, URI.create("ws://127.0.0.1:" + port + "/ws"),
                        documentsOf(u, random), random.nextLong()));
            }
            users.forEach(EditingUser::startEditing);
            ServerApi api = new ServerApi(port);
            for (int k = 1; k <= kills; k++) {
                long up = 200 + random.nextInt(soak ? 3000 : 1300);
                long down = random.nextInt(400);
                schedule.append(String.format("kill %d after %d ms up, %d ms down%n", k, up, down));
                Thread.sleep(up);
                schedule.setLength(schedule.length() - 1);
                schedule.append(", at ").append(committed(api)).append(" committed ops\n");
                server.kill();
                Thread.sleep(down);
                long restart = System.nanoTime();
                server = ServerProcess.start(data, port, snapshotInterval);
                schedule.setLength(schedule.length() - 1);
                schedule.append(", listening again ").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart))
                        .append(" ms after the restart\n");
            }
            Thread.sleep(300);
            for (EditingUser user : users) {
                user.stopEditing();
            }

            long converging = System.nanoTime();
            HistoryCheck.awaitConvergence(api, users);
            schedule.append("converged ").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - converging))
                    .append(" ms after the edits stopped\n");
            HistoryCheck check = new HistoryCheck();
            check.check(api, DOCUMENTS, users);
            server.kill();
            check.checkStore(data);
            long edits = users.stream().mapToLong(EditingUser::edits).sum();
            System.out.printf("%s: survived %d kills; %d edits, %d ops in the history checked, %d acks and %d"
                    + " submissions matched%n", header, kills, edits, check.opsChecked(), check.acksChecked(),
                    check.submissionsChecked());
            System.out.print(schedule);
        } catch (AssertionError | Exception e) {
            throw new AssertionError(header + "\n" + Seeds.reproduce("CrashTest", seed) + "\n" + schedule
                    + "server output:\n" + server.output(), e);
        } finally {
            users.forEach(EditingUser::close);
            server.close();
        }
    }

    private static long committed(ServerApi api) throws Exception {
        long total = 0;
        for (String doc : DOCUMENTS) {
            total += api.latest(doc).version();
        }
        return total;
    }

    /** Some of the documents; user 0 opens all of them, so each has an editor. */
    private static List<String> documentsOf(int user, Random random) {
        if (user == 0) {
            return DOCUMENTS;
        }
        List<String> docs = new ArrayList<>();
        for (String doc : DOCUMENTS) {
            if (random.nextBoolean()) {
                docs.add(doc);
            }
        }
        return docs.isEmpty() ? List.of(DOCUMENTS.get(random.nextInt(DOCUMENTS.size()))) : docs;
    }
}
