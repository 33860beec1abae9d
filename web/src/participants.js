import { type } from 'ot-text-unicode';
import { PresenceBoard } from './presence.js';
import { throttle } from './throttle.js';
import { codePointLength, toCodePoints, toUtf16 } from './unicode.js';

const MAX_CHAT_POINTS = 2000;

/**
 * A document's people: this user's presence (selection and status, throttled), the others'
 * presence, who is typing, and the chat. WeftDocument delegates to it; `host` gives it the
 * document's id, the client's services, the event emitter, the text state (`state()`) and
 * whether the document is live on the server (`live()`).
 */
export class Participants {
  #host;
  #ctx;
  #events;
  #board;
  /** This user's selection in local code points, or null. */
  #selection = null;
  #status = 'online';
  /** The last selection went out approximate (edits were pending): send it again once settled. */
  #selectionApproximate = false;
  #sendPresence;
  #sendTyping;
  #typingIdleTimer = null;

  constructor(host) {
    this.#host = host;
    this.#ctx = host.ctx;
    this.#events = host.events;
    this.#board = new PresenceBoard(host.ctx.clientId);
    this.#sendPresence = throttle(() => this.#presenceNow(), host.ctx.options.presenceIntervalMs, host.ctx.timers);
    this.#sendTyping = throttle(() => this.signal({ typing: true }), host.ctx.options.typingIntervalMs, host.ctx.timers);
  }

  // ---- this user ----------------------------------------------------------------------------

  select(anchor, focus) {
    const { text } = this.#host.state();
    this.#selection = [toCodePoints(text, anchor), toCodePoints(text, focus)];
    this.#sendPresence();
  }

  setStatus(status) {
    if (status !== 'online' && status !== 'away') {
      throw new RangeError(`status must be "online" or "away", was ${status}`);
    }
    if (status !== this.#status) {
      this.#status = status;
      this.#sendPresence();
    }
  }

  typed() {
    if (!this.#host.live()) {
      return;
    }
    this.#sendTyping();
    this.#ctx.timers.clearTimeout(this.#typingIdleTimer);
    this.#typingIdleTimer = this.#ctx.timers.setTimeout(() => {
      this.#typingIdleTimer = null;
      this.#sendTyping.cancel();
      this.signal({ typing: false });
    }, this.#ctx.options.typingIdleMs);
  }

  signal(data) {
    return this.#host.live() && this.#ctx.send({ type: 'signal', doc: this.#host.id, data });
  }

  chat(text) {
    const points = typeof text === 'string' ? codePointLength(text) : 0;
    if (points < 1 || points > MAX_CHAT_POINTS) {
      throw new RangeError(`a chat message must be 1 to ${MAX_CHAT_POINTS} characters, was ${points}`);
    }
    if (!this.#host.live() || !this.#ctx.send({ type: 'chat', doc: this.#host.id, text })) {
      return false;
    }
    // The server does not send authors their own messages.
    const message = { clientId: this.#ctx.clientId, name: this.#ctx.user?.name ?? this.#ctx.clientId,
      text, time: this.#ctx.timers.now() };
    this.#board.addChat(message);
    this.#events.emit('chat', message);
    return true;
  }

  #presenceNow() {
    if (!this.#host.live()) {
      return;
    }
    const state = this.#host.state();
    const message = { type: 'presence', doc: this.#host.id, status: this.#status };
    if (this.#selection) {
      message.selection = this.#serverSelection(state);
      message.v = state.version;
      this.#selectionApproximate = state.hasPending;
    }
    this.#ctx.send(message);
  }

  /**
   * The local selection in the server's coordinates: pending edits are not on the server yet, so
   * it moves back through their inverse. Exact, except inside text they insert; such a selection
   * is sent again once nothing is pending.
   */
  #serverSelection(state) {
    const pending = state.pendingOp();
    const moved = pending
      ? type.transformSelection(this.#selection, type.invertWithDoc(pending, state.serverText))
      : this.#selection;
    const length = codePointLength(state.serverText);
    return moved.map((p) => Math.max(0, Math.min(p, length)));
  }

  // ---- the others ---------------------------------------------------------------------------

  /** The others, selections in UTF-16 offsets of the local text. */
  get others() {
    return [...this.#board.others.values()].map((entry) => this.#public(entry));
  }

  get typing() {
    return [...this.#board.typing.keys()];
  }

  get chatHistory() {
    return [...this.#board.chat];
  }

  /** Moves every selection, this user's included, through a change to the local text. */
  transform(op) {
    this.#board.transform(op, codePointLength(this.#host.state().text));
    if (this.#selection) {
      this.#selection = type.transformSelection(this.#selection, op);
    }
  }

  onPresence(message) {
    const state = this.#host.state();
    const entry = this.#board.update(message, state.pendingOp(), codePointLength(state.text));
    if (entry) {
      if (entry.status === 'offline') {
        this.#stopTyping(entry.clientId);
      }
      this.#events.emit('presence', this.#public(entry));
    }
  }

  onSignal(message) {
    if (message.clientId === this.#ctx.clientId) {
      return;
    }
    this.#events.emit('signal', { clientId: message.clientId, data: message.data });
    const typing = message.data?.typing;
    if (typing === true) {
      this.#ctx.timers.clearTimeout(this.#board.typing.get(message.clientId));
      const expiry = this.#ctx.timers.setTimeout(() => this.#stopTyping(message.clientId),
        this.#ctx.options.typingTimeoutMs);
      const wasTyping = this.#board.typing.has(message.clientId);
      this.#board.typing.set(message.clientId, expiry);
      if (!wasTyping) {
        this.#events.emit('typing', { clientId: message.clientId, name: this.#nameOf(message.clientId), typing: true });
      }
    } else if (typing === false) {
      this.#stopTyping(message.clientId);
    }
  }

  onChat(message) {
    const entry = { clientId: message.clientId, name: message.name, text: message.text, time: message.time };
    this.#board.addChat(entry);
    this.#events.emit('chat', entry);
  }

  /** Open and caught up: everyone from the snapshot or catch-up, the chat history, and this user's presence. */
  onLive({ presence = [], chat = [] }) {
    const state = this.#host.state();
    this.#board.chat = chat.map((m) => ({ clientId: null, name: m.name, text: m.text, time: m.time }));
    for (const change of this.#board.replaceAll(presence, state.pendingOp(), codePointLength(state.text))) {
      this.#events.emit('presence', this.#public(change));
    }
    this.#sendPresence();
  }

  /** The connection dropped: the others are gone until the next catch-up lists them. */
  onOffline() {
    for (const gone of this.#board.clear()) {
      this.#events.emit('presence', this.#public(gone));
    }
    for (const clientId of [...this.#board.typing.keys()]) {
      this.#stopTyping(clientId);
    }
  }

  /** Nothing is pending any more: a selection sent approximate goes again, exact. */
  onSettled() {
    if (this.#selectionApproximate) {
      this.#sendPresence();
    }
  }

  shutDown() {
    this.#sendPresence.cancel();
    this.#sendTyping.cancel();
    for (const timer of [this.#typingIdleTimer, ...this.#board.typing.values()]) {
      this.#ctx.timers.clearTimeout(timer);
    }
    this.#typingIdleTimer = null;
    this.#board.typing.clear();
  }

  #stopTyping(clientId) {
    if (this.#board.typing.has(clientId)) {
      this.#ctx.timers.clearTimeout(this.#board.typing.get(clientId));
      this.#board.typing.delete(clientId);
      this.#events.emit('typing', { clientId, name: this.#nameOf(clientId), typing: false });
    }
  }

  #public(entry) {
    const { text } = this.#host.state();
    const selection = entry.selection
      ? { anchor: toUtf16(text, entry.selection[0]), focus: toUtf16(text, entry.selection[1]) }
      : null;
    return { clientId: entry.clientId, name: entry.name, color: entry.color, status: entry.status,
      lastSeen: entry.lastSeen, selection };
  }

  #nameOf(clientId) {
    return this.#board.others.get(clientId)?.name ?? clientId;
  }
}
