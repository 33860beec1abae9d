package dev.weft.faults;

import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.SqliteDocumentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The server process of the crash suite: the real {@link WeftServer} on the real SQLite store,
 * as {@code weft serve} runs it, but with a small snapshot interval, so that the kills land
 * before, during and after snapshots too. Prints {@code listening on 127.0.0.1:PORT} once it
 * serves.
 *
 * <p>Arguments: data directory, port (0 picks one), snapshot interval.
 */
public final class FaultServerMain {
    private FaultServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Path directory = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int snapshotInterval = Integer.parseInt(args[2]);
        SqliteDocumentStore store = SqliteDocumentStore.builder(directory).snapshotInterval(snapshotInterval).open();
        WeftServer server = new WeftServer(ServerConfig.builder().host("127.0.0.1").port(port).store(store)
                .heartbeatInterval(Duration.ofSeconds(1)).build()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            store.close();
            stopped.countDown();
        }, "fault-server-stop"));
        System.out.println("listening on 127.0.0.1:" + server.port());
        System.out.flush();
        stopped.await();
    }
}
