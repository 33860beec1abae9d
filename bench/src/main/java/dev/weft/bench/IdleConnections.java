package dev.weft.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens many idle WebSocket connections to a Weft server and holds them (target 4 of the server
 * section of docs/benchmarks.md): each says {@code hello}, waits for {@code welcome}, then only
 * answers the server's heartbeat pings (the JDK's WebSocket answers a ping with a pong by itself).
 * It prints how many were welcomed, how many pings arrived while holding, and how many the server
 * closed; the server's heap is measured from outside (bench/scripts/server-connections.sh).
 *
 * <p>usage: {@code java -cp benchmarks.jar dev.weft.bench.IdleConnections WS_URL COUNT HOLD_SECONDS}
 * (prints "holding" once every connection is welcomed, then a JSON line at the end)
 */
public final class IdleConnections {
    private static final int CONNECTING_AT_ONCE = 100;

    private IdleConnections() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: IdleConnections WS_URL COUNT HOLD_SECONDS");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        long holdSeconds = Long.parseLong(args[2]);
        Counters counters = new Counters();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        List<CompletableFuture<WebSocket>> sockets = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            connecting.acquire();
            Listener listener = new Listener(counters, connecting);
            sockets.add(http.newWebSocketBuilder().buildAsync(uri, listener).whenComplete((socket, failure) -> {
                if (failure != null) {
                    counters.failed.incrementAndGet();
                    connecting.release();
                } else {
                    socket.sendText("{\"type\":\"hello\",\"protocol\":1}", true);
                }
            }));
        }
        connecting.acquire(CONNECTING_AT_ONCE);
        System.out.printf(Locale.ROOT, "holding %d welcomed connections (%d failed) after %.1f s%n",
                counters.welcomed.get(), counters.failed.get(), (System.nanoTime() - start) / 1e9);
        System.out.flush();
        TimeUnit.SECONDS.sleep(holdSeconds);
        System.out.printf(Locale.ROOT, "{\"connections\": %d, \"welcomed\": %d, \"failed\": %d, \"pings\": %d,"
                        + " \"closedByServer\": %d, \"holdSeconds\": %d}%n", count, counters.welcomed.get(),
                counters.failed.get(), counters.pings.get(), counters.closed.get(), holdSeconds);
        System.exit(0);
    }

    private static final class Counters {
        final AtomicInteger welcomed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger pings = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
    }

    private static final class Listener implements WebSocket.Listener {
        private final Counters counters;
        private final Semaphore connecting;
        private boolean welcomed;

        Listener(Counters counters, Semaphore connecting) {
            this.counters = counters;
            this.connecting = connecting;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (!welcomed && data.toString().contains("\"welcome\"")) {
                welcomed = true;
                counters.welcomed.incrementAndGet();
                connecting.release();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket socket, ByteBuffer message) {
            counters.pings.incrementAndGet();
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            counters.closed.incrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            counters.closed.incrementAndGet();
            if (!welcomed) {
                counters.failed.incrementAndGet();
                connecting.release();
            }
        }
    }
}
