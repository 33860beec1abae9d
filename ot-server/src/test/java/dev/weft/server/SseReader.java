package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream in the background, one parsed event at a time, each wait bounded. */
final class SseReader implements AutoCloseable {
    /** One event: its {@code event:} type, its {@code id:} (null if it had none) and its data. */
    record Event(String type, String id, String data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    SseReader(HttpClient http, URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(this::read);
    }

    int status() throws Exception {
        return response.get(WireClient.WAIT_SECONDS, TimeUnit.SECONDS).statusCode();
    }

    Event next() throws InterruptedException {
        Event event = events.poll(WireClient.WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(event, "no event within " + WireClient.WAIT_SECONDS + " s");
        return event;
    }

    /** The next event of {@code type}, skipping others. */
    Event next(String type) throws InterruptedException {
        Event event = next();
        while (!event.type().equals(type)) {
            event = next();
        }
        return event;
    }

    Event poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void read(HttpResponse<Stream<String>> received) {
        lines = received.body();
        String[] current = {null, null, null};
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (current[2] != null) {
                        events.add(new Event(current[0] == null ? "message" : current[0], current[1], current[2]));
                    }
                    current[0] = null;
                    current[1] = null;
                    current[2] = null;
                } else if (line.startsWith("event: ")) {
                    current[0] = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    current[1] = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    current[2] = line.substring(6);
                }
            });
        } catch (RuntimeException e) {
            // The stream was closed.
        }
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        response.cancel(true);
    }
}
