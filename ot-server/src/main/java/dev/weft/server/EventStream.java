package dev.weft.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One Server-Sent Events response: a document's events written in order, one write at a time
 * (Jetty's {@link IteratingCallback} keeps a single write outstanding), never blocking the
 * document's thread. A reader that lets more than the configured bound pile up is cut off, as a
 * WebSocket client would be; a stream whose token expired is ended at the next keep-alive.
 */
final class EventStream extends IteratingCallback implements EventSink {
    private final Response response;
    private final Callback done;
    private final Consumer<EventStream> onEnd;
    private final long maxQueuedChars;
    private final BooleanSupplier expired;
    private final Queue<String> queue = new ArrayDeque<>();
    private long queuedChars;
    private boolean started;
    private boolean ending;
    private boolean ended;

    /**
     * @param done the request's callback, completed when the stream ends
     * @param maxQueuedChars how far the reader may fall behind before it is cut off
     * @param expired whether the reader's token has expired
     * @param onEnd called once when the stream ends, however it ends
     */
    EventStream(Response response, Callback done, long maxQueuedChars, BooleanSupplier expired,
                Consumer<EventStream> onEnd) {
        this.response = response;
        this.done = done;
        this.maxQueuedChars = maxQueuedChars;
        this.expired = expired;
        this.onEnd = onEnd;
    }

    @Override
    public void event(String type, Long version, String json) {
        append("event: " + type + "\n" + (version == null ? "" : "id: " + version + "\n") + "data: " + json + "\n\n");
    }

    /** A comment line: keeps proxies from timing the stream out, and reveals a reader that left. */
    void keepAlive() {
        if (expired.getAsBoolean()) {
            end();
            return;
        }
        append(": keepalive\n\n");
    }

    /** Starts writing: events queued while the stream was being set up go out first. */
    void start() {
        synchronized (this) {
            started = true;
        }
        iterate();
    }

    /** Ends the response after the events already queued (the server is stopping). */
    void end() {
        synchronized (this) {
            ending = true;
        }
        iterate();
    }

    private void append(String chunk) {
        boolean overflow;
        synchronized (this) {
            if (ending) {
                return;
            }
            queue.add(chunk);
            queuedChars += chunk.length();
            overflow = queuedChars > maxQueuedChars;
        }
        if (overflow) {
            abort(new IllegalStateException("the event stream's reader fell more than "
                    + maxQueuedChars + " bytes behind"));
        } else if (started) {
            iterate();
        }
    }

    @Override
    protected Action process() {
        String chunk;
        boolean last;
        synchronized (this) {
            if (ended || !started) {
                return ended ? Action.SUCCEEDED : Action.IDLE;
            }
            chunk = queue.poll();
            if (chunk != null) {
                queuedChars -= chunk.length();
            }
            last = chunk == null && ending;
            ended = last;
            if (chunk == null && !last) {
                return Action.IDLE;
            }
        }
        ByteBuffer bytes = chunk == null ? BufferUtil.EMPTY_BUFFER : StandardCharsets.UTF_8.encode(chunk);
        response.write(last, bytes, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        onEnd.accept(this);
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        onEnd.accept(this);
        done.failed(cause);
    }
}
