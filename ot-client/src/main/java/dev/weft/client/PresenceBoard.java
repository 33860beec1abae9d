package dev.weft.client;

import dev.weft.ot.Selection;
import dev.weft.ot.TextOperation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one document knows about the other participants: their latest presence, with selections
 * kept in the coordinates of the local text, and the recent chat.
 *
 * <p>The server reports a selection valid at its latest version, which is the client's
 * {@code version()} when the message is handled; the local text adds this client's pending edits,
 * so a reported selection is moved through them, and every later local or remote edit moves it on.
 */
final class PresenceBoard {
    /** As many chat messages as the server sends on open. */
    static final int CHAT_HISTORY = 50;

    private final String selfId;
    private final Map<String, Presence> others = new LinkedHashMap<>();
    /**
     * The ids in {@link #others} whose presence has a selection: only those move with each edit.
     * In a crowded document most participants show no selection, and every edit visiting all of
     * them cost a client more than applying the edit.
     */
    private final Set<String> selecting = new LinkedHashSet<>();
    private final Deque<ChatMessage> chat = new ArrayDeque<>();

    PresenceBoard(String selfId) {
        this.selfId = selfId;
    }

    /**
     * Replaces everyone with the list a snapshot or catch-up brought.
     *
     * @param pending this client's pending edits, composed, or null
     * @return what to report: every listed participant, and those no longer listed as offline
     */
    List<Presence> replaceAll(List<Presence> listed, TextOperation pending, int localLength) {
        Map<String, Presence> gone = new LinkedHashMap<>(others);
        others.clear();
        selecting.clear();
        List<Presence> changes = new ArrayList<>();
        for (Presence presence : listed) {
            Presence stored = update(presence, pending, localLength);
            if (stored != null) {
                gone.remove(stored.clientId());
                changes.add(stored);
            }
        }
        for (Presence left : gone.values()) {
            changes.add(new Presence(left.clientId(), left.name(), left.color(), PresenceStatus.OFFLINE,
                    left.lastSeen(), null));
        }
        return changes;
    }

    /**
     * Records a reported presence; an offline participant is forgotten.
     *
     * @return the presence in local coordinates, to report; null if it is this client's own
     */
    Presence update(Presence reported, TextOperation pending, int localLength) {
        if (reported.clientId().equals(selfId)) {
            return null;
        }
        Selection selection = reported.selection();
        if (selection != null) {
            if (pending != null) {
                selection = pending.transformSelection(selection);
            }
            selection = clamp(selection, localLength);
        }
        Presence local = reported.withSelection(selection);
        if (local.status() == PresenceStatus.OFFLINE) {
            others.remove(local.clientId());
        } else {
            others.put(local.clientId(), local);
        }
        if (local.status() != PresenceStatus.OFFLINE && selection != null) {
            selecting.add(local.clientId());
        } else {
            selecting.remove(local.clientId());
        }
        return local;
    }

    /** Moves every selection through an edit of the local text. */
    void transform(TextOperation applied, int localLength) {
        for (String id : selecting) {
            Presence presence = others.get(id);
            others.put(id, presence.withSelection(clamp(applied.transformSelection(presence.selection()), localLength)));
        }
    }

    Map<String, Presence> others() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(others));
    }

    void replaceChat(List<ChatMessage> history) {
        chat.clear();
        history.forEach(this::addChat);
    }

    void addChat(ChatMessage message) {
        chat.addLast(message);
        while (chat.size() > CHAT_HISTORY) {
            chat.removeFirst();
        }
    }

    List<ChatMessage> chat() {
        return List.copyOf(chat);
    }

    /** Keeps a selection inside the text, in case a report and the local text disagree. */
    private static Selection clamp(Selection selection, int length) {
        return new Selection(Math.min(selection.anchor(), length), Math.min(selection.focus(), length));
    }
}
