package dev.weft.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.client.WireTaps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one client's wire showed: every {@code submit} it sent (with the tokens it inserts) and
 * every acknowledgement it received, in order. An ack is an {@code ack} message, or the client's
 * own operation in a {@code catchup} (docs/protocol.md). This is the list of promises the server
 * made, which the history check holds it to.
 */
final class AckLedger implements WireTaps.Tap {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One submission of a client: a document and a seq. */
    record Key(String doc, long seq) {}

    /** The server said: {@code (clientId, seq)} is committed in {@code doc} as {@code version}. */
    record Ack(String clientId, String doc, long seq, long version) {}

    private final String clientId;
    private final Map<Key, List<String>> submitted = new ConcurrentHashMap<>();
    private final List<Ack> acks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    AckLedger(String clientId) {
        this.clientId = clientId;
    }

    String clientId() {
        return clientId;
    }

    @Override
    public void sent(String text) {
        JsonNode message = read(text);
        if (!"submit".equals(message.path("type").asText())) {
            return;
        }
        Key key = new Key(message.path("doc").asText(), message.path("seq").asLong());
        List<String> tokens = Tokens.inserted(message.path("op"));
        List<String> first = submitted.putIfAbsent(key, tokens);
        if (first != null && !first.equals(tokens)) {
            problem("seq " + key.seq() + " in " + key.doc() + " was resent with other inserts: " + first
                    + " then " + tokens);
        }
    }

    @Override
    public void received(String text) {
        JsonNode message = read(text);
        switch (message.path("type").asText()) {
            case "ack" -> ack(message.path("doc").asText(), message.path("seq").asLong(), message.path("v").asLong());
            case "catchup" -> {
                for (JsonNode op : message.path("ops")) {
                    if (clientId.equals(op.path("clientId").asText())) {
                        ack(message.path("doc").asText(), op.path("seq").asLong(), op.path("v").asLong());
                    }
                }
            }
            default -> { }
        }
    }

    /** Every submission sent, with the tokens it inserts. */
    Map<Key, List<String>> submitted() {
        return Map.copyOf(submitted);
    }

    /** Every ack received, in the order received (repeats included). */
    synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** Inconsistencies seen on the wire itself. */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private synchronized void ack(String doc, long seq, long version) {
        acks.add(new Ack(clientId, doc, seq, version));
    }

    private synchronized void problem(String text) {
        problems.add(clientId + ": " + text);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
