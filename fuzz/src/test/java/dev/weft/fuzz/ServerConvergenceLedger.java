package dev.weft.fuzz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the users of one {@link ServerConvergenceRun} did and saw: the tokens inserted into and
 * deleted from each document, and the anomalies their listeners reported. Edits are recorded on
 * the schedule's thread and the clients' listener threads, so every method is synchronized.
 *
 * <p><b>Why the token check is sound.</b> Every document is a sequence of unique tokens such as
 * {@code <c3n17😅>} ({@link Tokens}). A user inserts only new whole tokens, at token boundaries,
 * and deletes only whole tokens, both as its local text has them; so every component boundary of
 * its operation lies on a token boundary. Composing (the client's buffer), transforming (the
 * client over remote operations, the server over everything committed since the base version)
 * only cut an operation at the other operation's boundaries and never split an insert, so every
 * operation any replica applies keeps tokens whole. Therefore, whoever saw what when: a token
 * someone deleted is gone (the delete covers exactly its characters, and nobody inserts it
 * again), and every other token ever inserted appears exactly once (OT neither drops nor
 * duplicates an insert no delete covered). The one exception would be a resynchronization onto a
 * snapshot, which transforms pending edits over a text diff (docs/client.md). It should not
 * happen here: the SQLite store keeps the whole history and no edit is refused. Each one is
 * counted and printed.
 */
final class ServerConvergenceLedger {
    private static final int SHOWN = 20;

    private final Map<String, Set<String>> inserted = new HashMap<>();
    private final Map<String, Set<String>> deleted = new HashMap<>();
    private final List<String> brokenTexts = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int resyncs;
    private int edits;

    /** Records an edit that {@code ClientDocument.edit} accepted. */
    synchronized void edited(String documentId, List<String> insertedTokens, List<String> deletedTokens) {
        inserted.computeIfAbsent(documentId, d -> new LinkedHashSet<>()).addAll(insertedTokens);
        deleted.computeIfAbsent(documentId, d -> new LinkedHashSet<>()).addAll(deletedTokens);
        edits++;
    }

    /** How many edits were recorded, from the schedule and from listeners. */
    synchronized int editCount() {
        return edits;
    }

    /** A client's local text was not a sequence of whole tokens after a remote edit. */
    synchronized void brokenText(String who, String documentId, long version, String problem) {
        brokenTexts.add(who + " in " + documentId + " at version " + version + ": " + problem);
    }

    /** A client reported a server error to its listener. */
    synchronized void error(String who, String documentId, String code, String message) {
        errors.add(who + " in " + documentId + ": " + code + " " + message);
    }

    /** A client moved its text onto a snapshot instead of applying operations. */
    synchronized void resync() {
        resyncs++;
    }

    synchronized int insertedCount() {
        return inserted.values().stream().mapToInt(Set::size).sum();
    }

    synchronized int deletedCount() {
        return deleted.values().stream().mapToInt(Set::size).sum();
    }

    synchronized String anomalies() {
        return resyncs + " resyncs, " + errors.size() + " errors reported to listeners"
                + (errors.isEmpty() ? "" : " " + first(errors));
    }

    /** Fails if any client ever held a text that was not a sequence of whole tokens. */
    synchronized void checkTextsStayedWhole() {
        if (!brokenTexts.isEmpty()) {
            throw new AssertionError(brokenTexts.size() + " local texts were not whole tokens after a remote edit: "
                    + first(brokenTexts));
        }
    }

    /**
     * Checks the converged text of a document: whole unique tokens, every token inserted and never
     * deleted exactly once, no deleted token, nothing nobody inserted.
     */
    synchronized void checkTokens(String documentId, String text) {
        List<String> found = Tokens.parse(text);
        Set<String> insertedHere = inserted.getOrDefault(documentId, Set.of());
        Set<String> deletedHere = deleted.getOrDefault(documentId, Set.of());
        Map<String, Integer> counts = new HashMap<>();
        found.forEach(token -> counts.merge(token, 1, Integer::sum));
        List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).toList();
        List<String> resurrected = found.stream().filter(deletedHere::contains).distinct().toList();
        List<String> unknown = found.stream().filter(token -> !insertedHere.contains(token)).distinct().toList();
        List<String> missing = insertedHere.stream()
                .filter(token -> !deletedHere.contains(token) && !counts.containsKey(token)).toList();
        if (duplicated.isEmpty() && resurrected.isEmpty() && unknown.isEmpty() && missing.isEmpty()) {
            return;
        }
        throw new AssertionError(documentId + ": the server's text breaks the token check ("
                + found.size() + " tokens; " + insertedHere.size() + " inserted, " + deletedHere.size() + " deleted):"
                + "\n  duplicated: " + first(duplicated)
                + "\n  deleted but present: " + first(resurrected)
                + "\n  never inserted: " + first(unknown)
                + "\n  inserted, never deleted, missing: " + first(missing)
                + "\n  " + anomalies()
                + "\n  text: " + text);
    }

    private static String first(Collection<String> items) {
        List<String> shown = items.stream().limit(SHOWN).toList();
        return items.size() <= SHOWN ? shown.toString() : shown + " and " + (items.size() - SHOWN) + " more";
    }
}
