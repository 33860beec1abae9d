package dev.weft.faults;

import dev.weft.client.ClientDocument;
import dev.weft.client.ConnectionStatus;
import dev.weft.client.DocumentListener;
import dev.weft.client.ReconnectPolicy;
import dev.weft.client.WeftClient;
import dev.weft.client.WireTaps;
import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One user of the fault suite: a real {@link WeftClient} (reconnection, resend with the same seq,
 * offline buffer) with its wire tapped by an {@link AckLedger}, editing its documents from a
 * thread of its own with token edits until stopped. Online or not, it keeps editing, as a person
 * typing through an outage would.
 */
final class EditingUser implements AutoCloseable {
    private static final int MAX_TOKENS = 40;

    private final String clientId;
    private final WeftClient client;
    private final AckLedger ledger;
    private final Random random;
    private final Map<String, ClientDocument> documents = new LinkedHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Thread editor;
    private volatile boolean editing = true;
    private long nextToken;
    private long edits;

    EditingUser(String clientId, URI server, List<String> documentIds, long seed) throws Exception {
        this.clientId = clientId;
        this.ledger = new AckLedger(clientId);
        this.random = new Random(seed);
        client = WireTaps.tapped(WeftClient.builder(server), ledger)
                .clientId(clientId)
                .reconnectPolicy(new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(250), 2, 0.2))
                .heartbeat(Duration.ofMillis(250), Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        client.connect();
        for (String id : documentIds) {
            documents.put(id, client.open(id, new DocumentListener() {
                @Override
                public void onError(String code, String message) {
                    errors.add(code + ": " + message);
                }
            }).get(30, TimeUnit.SECONDS));
        }
        editor = new Thread(this::editUntilStopped, "editor-" + clientId);
        editor.setDaemon(true);
    }

    String clientId() {
        return clientId;
    }

    AckLedger ledger() {
        return ledger;
    }

    Map<String, ClientDocument> documents() {
        return documents;
    }

    ConnectionStatus status() {
        return client.status();
    }

    /** Errors the server reported to this user's documents; none are expected. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    synchronized long edits() {
        return edits;
    }

    void startEditing() {
        editor.start();
    }

    /** Stops editing and waits for the editor thread. */
    void stopEditing() throws InterruptedException {
        editing = false;
        editor.join(10_000);
    }

    /** One edit of a random document of this user. */
    void editOnce() {
        List<ClientDocument> docs = new ArrayList<>(documents.values());
        ClientDocument doc = docs.get(random.nextInt(docs.size()));
        synchronized (this) {
            doc.edit(this::tokenEdit);
            edits++;
        }
    }

    @Override
    public void close() {
        editing = false;
        client.close();
    }

    private void editUntilStopped() {
        while (editing) {
            editOnce();
            try {
                Thread.sleep(2 + random.nextInt(25));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Inserts a new token at a token boundary, or deletes a whole token (with or without its text). */
    private TextOperation tokenEdit(Rope text) {
        List<String> tokens = Tokens.parse(text.toString());
        boolean delete = !tokens.isEmpty() && (tokens.size() >= MAX_TOKENS || random.nextInt(100) < 35);
        int index = random.nextInt(delete ? tokens.size() : tokens.size() + 1);
        int position = 0;
        for (int i = 0; i < index; i++) {
            position += Tokens.length(tokens.get(i));
        }
        if (!delete) {
            return TextOperation.insert(position, Tokens.create(clientId, ++nextToken));
        }
        String token = tokens.get(index);
        return random.nextBoolean() ? TextOperation.delete(position, token)
                : TextOperation.delete(position, Tokens.length(token));
    }
}
