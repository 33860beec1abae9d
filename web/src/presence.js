import { type } from 'ot-text-unicode';

const CHAT_KEPT = 200;

/**
 * What a document knows of the others: their presence (selections in local code-point
 * coordinates, moved through every local and remote edit), who is typing, and the chat history.
 */
export class PresenceBoard {
  /** clientId -> {clientId, name, color, status, lastSeen, selection: [anchor, focus] | null} */
  others = new Map();
  /** clientId -> expiry timer of a `typing: true` signal */
  typing = new Map();
  chat = [];

  #ownId;

  constructor(ownId) {
    this.#ownId = ownId;
  }

  /**
   * Takes a presence from the server. Its selection refers to the server's text at the version
   * this client has; `pending` (the local edits the server has not seen) moves it to local text.
   *
   * @returns the participant as stored, with status `offline` if it left; null if it is this client
   */
  update(presence, pending, length) {
    if (presence.clientId === this.#ownId) {
      return null;
    }
    const entry = {
      clientId: presence.clientId,
      name: presence.user?.name ?? presence.clientId,
      color: presence.user?.color ?? '#888888',
      status: presence.status,
      lastSeen: presence.lastSeen,
      selection: presence.selection ? moveSelection(presence.selection, pending, length) : null,
    };
    if (entry.status === 'offline') {
      this.others.delete(entry.clientId);
    } else {
      this.others.set(entry.clientId, entry);
    }
    return entry;
  }

  /**
   * Replaces everyone with the list of a snapshot or catch-up.
   *
   * @returns every change: the listed participants, and those no longer listed as `offline`
   */
  replaceAll(list, pending, length) {
    const listed = new Set(list.map((p) => p.clientId));
    const changes = [];
    for (const [clientId, entry] of this.others) {
      if (!listed.has(clientId)) {
        this.others.delete(clientId);
        changes.push({ ...entry, status: 'offline' });
      }
    }
    for (const presence of list) {
      const entry = this.update(presence, pending, length);
      if (entry) {
        changes.push(entry);
      }
    }
    return changes;
  }

  /** Everyone leaves (the connection dropped): returns them, as `offline`. */
  clear() {
    const gone = [...this.others.values()].map((entry) => ({ ...entry, status: 'offline' }));
    this.others.clear();
    return gone;
  }

  /** Moves every selection through an operation applied to the local text. */
  transform(op, length) {
    if (op.length === 0) {
      return;
    }
    for (const entry of this.others.values()) {
      if (entry.selection) {
        entry.selection = moveSelection(entry.selection, op, length);
      }
    }
  }

  addChat(message) {
    this.chat.push(message);
    if (this.chat.length > CHAT_KEPT) {
      this.chat.splice(0, this.chat.length - CHAT_KEPT);
    }
  }
}

function moveSelection(selection, op, length) {
  const moved = op ? type.transformSelection(selection, op) : selection;
  return moved.map((position) => Math.max(0, Math.min(position, length)));
}
