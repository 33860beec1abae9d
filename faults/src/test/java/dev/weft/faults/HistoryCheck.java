package dev.weft.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.client.ClientDocument;
import dev.weft.client.ConnectionStatus;
import dev.weft.faults.ServerApi.StoredOp;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.OperationJson;
import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoredDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The end-of-run checks of the crash and network suites. Each failure is an {@link AssertionError}
 * that says what broke; the caller adds the seed.
 *
 * <ol>
 *   <li>Every user converged: online, nothing pending, at the server's version with its text.
 *   <li>Each document's stored history has versions 1..v without a gap, no {@code (clientId, seq)}
 *       twice, no token inserted twice, and replays from the empty text to the server's text.
 *   <li>Every ack any client ever received names the op the history holds at that version (same
 *       client id and seq); a seq is acked with one version only; a client's acks come in
 *       increasing seq and version per document (ack order is history order).
 *   <li>Every submission a client ever sent is in the history exactly once, inserting exactly the
 *       tokens it sent: nothing lost, nothing doubled.
 * </ol>
 */
final class HistoryCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<StoredOp>> histories = new LinkedHashMap<>();
    private long acksChecked;
    private long submissionsChecked;

    /** Waits up to 60 s for every user to be online, with nothing pending, at the server's version and text. */
    static void awaitConvergence(ServerApi api, List<EditingUser> users) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String divergence = divergence(api, users);
        while (divergence != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no convergence within 60 s: " + divergence);
            }
            Thread.sleep(100);
            divergence = divergence(api, users);
        }
    }

    /** Null if every user is online with nothing pending at the server's version and text; else who is not. */
    static String divergence(ServerApi api, List<EditingUser> users) throws Exception {
        Map<String, ServerApi.Latest> latest = new HashMap<>();
        for (EditingUser user : users) {
            if (user.status() != ConnectionStatus.ONLINE) {
                return user.clientId() + " is " + user.status();
            }
            for (Map.Entry<String, ClientDocument> entry : user.documents().entrySet()) {
                ServerApi.Latest server = latest.computeIfAbsent(entry.getKey(), id -> {
                    try {
                        return api.latest(id);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                ClientDocument doc = entry.getValue();
                if (doc.hasPendingEdits() || doc.version() != server.version()
                        || !doc.text().toString().equals(server.text())) {
                    return user.clientId() + " in " + entry.getKey() + ": pending " + doc.hasPendingEdits()
                            + ", version " + doc.version() + " of " + server.version() + ", text "
                            + (doc.text().toString().equals(server.text()) ? "equal" : "different");
                }
            }
        }
        return null;
    }

    /** Reads and checks every document's history, then holds every user's ledger against it. */
    void check(ServerApi api, List<String> docs, List<EditingUser> users) throws Exception {
        for (String doc : docs) {
            List<StoredOp> history = api.history(doc);
            ServerApi.Latest latest = api.latest(doc);
            checkHistory(doc, history, latest);
            histories.put(doc, history);
        }
        for (EditingUser user : users) {
            checkLedger(user.ledger());
            for (String error : user.errors()) {
                throw new AssertionError(user.clientId() + " was sent an error: " + error);
            }
        }
    }

    /** With the server gone, the store on disk holds the same history, and load() gives the same text. */
    void checkStore(Path data) {
        try (SqliteDocumentStore store = SqliteDocumentStore.open(data)) {
            for (Map.Entry<String, List<StoredOp>> entry : histories.entrySet()) {
                String doc = entry.getKey();
                List<CommittedOp> stored = store.ops(doc, 0, Long.MAX_VALUE);
                List<StoredOp> served = entry.getValue();
                assertThat(stored.size() == served.size(), doc + ": the store has " + stored.size()
                        + " ops, the server served " + served.size());
                for (int i = 0; i < stored.size(); i++) {
                    CommittedOp op = stored.get(i);
                    StoredOp seen = served.get(i);
                    assertThat(op.version() == seen.version() && op.clientId().equals(seen.clientId())
                            && op.seq() == seen.seq() && op.op().equals(operation(seen)),
                            doc + ": the store's version " + op.version() + " differs from what the server served");
                }
                StoredDocument loaded = store.load(doc).orElseThrow();
                Rope text = Rope.of(loaded.snapshotText());
                for (CommittedOp op : loaded.ops()) {
                    text = op.op().apply(text);
                }
                assertThat(text.toString().equals(replay(served)), doc + ": load() (snapshot at "
                        + loaded.snapshotVersion() + " plus " + loaded.ops().size() + " ops) differs from the replayed history");
            }
        }
    }

    long opsChecked() {
        return histories.values().stream().mapToLong(List::size).sum();
    }

    long acksChecked() {
        return acksChecked;
    }

    long submissionsChecked() {
        return submissionsChecked;
    }

    private static void checkHistory(String doc, List<StoredOp> history, ServerApi.Latest latest) {
        assertThat(history.size() == latest.version(), doc + ": " + history.size() + " ops for version "
                + latest.version());
        Set<String> authors = new HashSet<>();
        Set<String> inserted = new HashSet<>();
        for (int i = 0; i < history.size(); i++) {
            StoredOp op = history.get(i);
            assertThat(op.version() == i + 1, doc + ": version " + op.version() + " where " + (i + 1) + " belongs");
            assertThat(authors.add(op.clientId() + "#" + op.seq()), doc + ": (" + op.clientId() + ", "
                    + op.seq() + ") is stored twice, again at version " + op.version());
            for (String token : Tokens.inserted(op.op())) {
                assertThat(inserted.add(token), doc + ": token " + token + " inserted twice, again at version "
                        + op.version());
            }
        }
        String replayed = replay(history);
        assertThat(replayed.equals(latest.text()), doc + ": the history replays to another text than the server's");
        List<String> tokens = Tokens.parse(replayed);
        assertThat(new HashSet<>(tokens).size() == tokens.size(), doc + ": a token appears twice in the text");
    }

    private void checkLedger(AckLedger ledger) {
        for (String problem : ledger.problems()) {
            throw new AssertionError(problem);
        }
        Map<AckLedger.Key, Long> versions = new HashMap<>();
        Map<String, long[]> lastPerDoc = new HashMap<>();
        for (AckLedger.Ack ack : ledger.acks()) {
            acksChecked++;
            String where = ledger.clientId() + " was acked seq " + ack.seq() + " as version " + ack.version()
                    + " of " + ack.doc();
            List<StoredOp> history = histories.get(ack.doc());
            assertThat(history != null, where + ", a document the check did not read");
            assertThat(ack.version() >= 1 && ack.version() <= history.size(), where + ", but the history ends at "
                    + history.size());
            StoredOp stored = history.get((int) ack.version() - 1);
            assertThat(stored.clientId().equals(ack.clientId()) && stored.seq() == ack.seq(), where
                    + ", but that version holds (" + stored.clientId() + ", " + stored.seq() + ")");
            Long earlier = versions.putIfAbsent(new AckLedger.Key(ack.doc(), ack.seq()), ack.version());
            if (earlier == null) {
                long[] last = lastPerDoc.computeIfAbsent(ack.doc(), d -> new long[] {0, 0});
                assertThat(ack.seq() > last[0] && ack.version() > last[1], where + " after seq " + last[0]
                        + " as version " + last[1] + ": out of order");
                last[0] = ack.seq();
                last[1] = ack.version();
            } else {
                assertThat(earlier == ack.version(), where + ", and earlier as version " + earlier);
            }
        }
        for (Map.Entry<AckLedger.Key, List<String>> entry : ledger.submitted().entrySet()) {
            submissionsChecked++;
            AckLedger.Key key = entry.getKey();
            List<StoredOp> matches = new ArrayList<>();
            for (StoredOp op : histories.getOrDefault(key.doc(), List.of())) {
                if (op.clientId().equals(ledger.clientId()) && op.seq() == key.seq()) {
                    matches.add(op);
                }
            }
            assertThat(matches.size() == 1, ledger.clientId() + " submitted seq " + key.seq() + " to " + key.doc()
                    + ", which the history holds " + matches.size() + " times");
            assertThat(Tokens.inserted(matches.get(0).op()).equals(entry.getValue()), ledger.clientId() + "'s seq "
                    + key.seq() + " in " + key.doc() + " inserted " + entry.getValue() + " but is stored inserting "
                    + Tokens.inserted(matches.get(0).op()));
        }
    }

    private static String replay(List<StoredOp> history) {
        Rope text = Rope.empty();
        for (StoredOp op : history) {
            text = operation(op).apply(text);
        }
        return text.toString();
    }

    private static TextOperation operation(StoredOp op) {
        return OperationJson.fromTree(JSON.convertValue(op.op(), Object.class));
    }

    private static void assertThat(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
