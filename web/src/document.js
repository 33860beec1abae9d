import { type } from 'ot-text-unicode';
import { DocumentState } from './document-state.js';
import { Emitter } from './emitter.js';
import { PresenceBoard } from './presence.js';
import { throttle } from './throttle.js';
import { UndoManager } from './undo.js';
import { codePointLength, diffOp, replaceOp, toCodePoints, toUtf16 } from './unicode.js';
import { recoveryWhileLive, recoveryWhileProbing } from './recovery.js';

/** Where the document stands with the server on the current connection. */
const Phase = Object.freeze({
  /** Not open on the server: offline, or closed. */
  OFFLINE: 'offline',
  /** `open` sent; until the snapshot or catch-up, live messages are ignored. */
  OPENING: 'opening',
  /** Open and caught up: operations flow. */
  LIVE: 'live',
  /** After a snapshot with `rebase: true`: the in-flight edit was resent to learn whether the snapshot holds it. */
  PROBING: 'probing',
});

const MAX_CHAT_POINTS = 2000;

/**
 * An open document: its text, the local edits on their way to the server, the others' presence,
 * typing and chat, and this user's undo history. Made by WeftClient.open(); positions in its API
 * are UTF-16 offsets (what textareas use), converted to the protocol's code points inside.
 *
 * Events (`on(name, listener)` returns the unsubscribe function):
 * - `load`: the text is available (from the server, or from the offline queue after a reload);
 * - `change` {text, previousText, op, origin, clientId, version, mapPosition(offset), caret}:
 *   the text changed by something other than replace()/edit(): origin `remote` (clientId is the
 *   author), `resync` (onto a server snapshot), `undo` or `redo` (caret: where the change ended);
 * - `live`: open and caught up on the server (presence and chat history are fresh);
 * - `pending` {edits}: the number of local edits not yet acked changed;
 * - `presence` {clientId, name, color, status, lastSeen, selection: {anchor, focus} | null};
 * - `typing` {clientId, name, typing};
 * - `chat` {clientId, name, text, time};
 * - `signal` {clientId, data} (every signal, typing ones included);
 * - `error` {code, message}.
 */
export class WeftDocument {
  #ctx;
  #events;
  #board;
  #undo;
  #state = null;
  #phase = Phase.OFFLINE;
  /** The snapshot being probed and the operations that arrived meanwhile. */
  #probe = null;
  /** Whether the next `open` asks for a snapshot rather than the operations since the version. */
  #askSnapshot = false;
  /** The outcome to resynchronize with when the snapshot asked for by #resyncFresh arrives. */
  #freshLanded = null;
  #selection = null;
  #status = 'online';
  /** The last selection went out approximate (edits were pending): send it again once settled. */
  #selectionApproximate = false;
  #sendPresence;
  #sendTyping;
  #typingIdleTimer = null;
  #retryTimer = null;
  #closed = false;
  #resolveReady;

  /** @param ctx the client's services: clientId, user, send, limits, seqs, store, timers, options, forget, report */
  constructor(id, ctx) {
    this.id = id;
    this.#ctx = ctx;
    this.#events = new Emitter();
    this.#board = new PresenceBoard(ctx.clientId);
    this.#undo = new UndoManager({ groupMs: ctx.options.undoGroupMs });
    this.#sendPresence = throttle(() => this.#presenceNow(), ctx.options.presenceIntervalMs, ctx.timers);
    this.#sendTyping = throttle(() => this.signal({ typing: true }), ctx.options.typingIntervalMs, ctx.timers);
    /** Resolves once the text is available (see the `load` event). */
    this.ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
  }

  // ---- reading ----------------------------------------------------------------------------

  get loaded() {
    return this.#state !== null;
  }

  /** The local text (a JavaScript string); '' until loaded. */
  get text() {
    return this.#state?.text ?? '';
  }

  /** The last version the server confirmed to this client. */
  get version() {
    return this.#state?.version ?? 0;
  }

  /** The number of local edits the server has not acked yet (sent or not). */
  get pendingEdits() {
    return this.#state?.pendingEdits ?? 0;
  }

  /** Whether the document is open and caught up on the server. */
  get live() {
    return this.#phase === Phase.LIVE;
  }

  /** The others in the document, selections in UTF-16 offsets of the local text. */
  get presence() {
    return [...this.#board.others.values()].map((entry) => this.#publicPresence(entry));
  }

  /** The client ids of the others who are typing. */
  get typing() {
    return [...this.#board.typing.keys()];
  }

  /** The chat history: the recent messages sent on open, then live ones. */
  get chatHistory() {
    return [...this.#board.chat];
  }

  get canUndo() {
    return this.#undo.canUndo;
  }

  get canRedo() {
    return this.#undo.canRedo;
  }

  on(event, listener) {
    return this.#events.on(event, listener);
  }

  // ---- editing ----------------------------------------------------------------------------

  /**
   * Replaces UTF-16 range [from, to) of the text with `insert`: the edit a textarea makes. It
   * applies at once, online or not; undo() can take it back.
   *
   * @returns the operation, in code points
   */
  replace(from, to, insert) {
    this.#requireLoaded();
    const op = replaceOp(this.#state.text, from, to, insert);
    this.#local(op, true);
    return op;
  }

  /** Makes the text `next` (a textarea's new value), with the caret where typing left it. */
  setText(next, caret = next.length) {
    this.#requireLoaded();
    const op = diffOp(this.#state.text, next, caret);
    this.#local(op, true);
    return op;
  }

  /** Applies an operation in code points (ot-text-unicode's form) to the local text. */
  edit(op) {
    this.#requireLoaded();
    type.checkOp(op);
    this.#local(type.stripInvertible(op), true);
  }

  /** Takes back this user's newest edit (others' edits stay); false if there is none. */
  undo() {
    return this.#history('undo');
  }

  /** Makes the newest undone edit again; false if there is none. */
  redo() {
    return this.#history('redo');
  }

  #history(which) {
    this.#requireLoaded();
    if (which === 'undo' ? !this.#undo.canUndo : !this.#undo.canRedo) {
      return false;
    }
    const entry = which === 'undo' ? this.#undo.undo() : this.#undo.redo();
    const previousText = this.#state.text;
    const op = type.stripInvertible(entry);
    this.#local(op, false);
    this.#emitChange(op, previousText, which, null, this.#state.version, endOf(op));
    return true;
  }

  #local(op, recordUndo) {
    this.#requireOpen();
    if (op.length === 0) {
      return;
    }
    const before = this.#state.text;
    const madeInFlight = this.#state.applyLocal(op, () => this.#ctx.seqs.next());
    if (recordUndo) {
      this.#undo.record(op, before, this.#ctx.timers.now());
    }
    this.#board.transform(op, codePointLength(this.#state.text));
    if (this.#selection) {
      this.#selection = type.transformSelection(this.#selection, op);
    }
    // Written before it can be sent: what went out under a seq is in the queue under that seq.
    this.#persist();
    if (madeInFlight) {
      this.#sendInFlight();
    }
    this.#events.emit('pending', { edits: this.pendingEdits });
  }

  // ---- presence, typing, chat -------------------------------------------------------------

  /** Sets this user's selection (UTF-16 offsets); shared, throttled, with the others. */
  select(anchor, focus = anchor) {
    this.#requireLoaded();
    const text = this.#state.text;
    this.#selection = [toCodePoints(text, anchor), toCodePoints(text, focus)];
    this.#sendPresence();
  }

  /** Sets this user's status, `online` or `away`. */
  setStatus(status) {
    if (status !== 'online' && status !== 'away') {
      throw new RangeError(`status must be "online" or "away", was ${status}`);
    }
    if (status !== this.#status) {
      this.#status = status;
      this.#sendPresence();
    }
  }

  /**
   * Tells the others this user is typing: a `{typing: true}` signal at most once per
   * typingIntervalMs, and `{typing: false}` after typingIdleMs without a call.
   */
  typed() {
    if (this.#phase !== Phase.LIVE) {
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

  /** Sends a signal (any JSON value up to 1 KiB) to the others; false if not live. Not queued. */
  signal(data) {
    return this.#phase === Phase.LIVE && this.#ctx.send({ type: 'signal', doc: this.id, data });
  }

  /** Sends a chat message (1 to 2000 code points); false if not live. Not queued. */
  chat(text) {
    const points = typeof text === 'string' ? codePointLength(text) : 0;
    if (points < 1 || points > MAX_CHAT_POINTS) {
      throw new RangeError(`a chat message must be 1 to ${MAX_CHAT_POINTS} characters, was ${points}`);
    }
    if (this.#phase !== Phase.LIVE || !this.#ctx.send({ type: 'chat', doc: this.id, text })) {
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
    if (this.#phase !== Phase.LIVE) {
      return;
    }
    const message = { type: 'presence', doc: this.id, status: this.#status };
    if (this.#selection) {
      message.selection = this.#serverSelection();
      message.v = this.#state.version;
      this.#selectionApproximate = this.#state.hasPending;
    }
    this.#ctx.send(message);
  }

  /**
   * The local selection in the server's coordinates: pending edits are not on the server yet, so
   * it moves back through their inverse. Exact, except inside text they insert; such a selection
   * is sent again once nothing is pending.
   */
  #serverSelection() {
    const pending = this.#state.pendingOp();
    const moved = pending
      ? type.transformSelection(this.#selection, type.invertWithDoc(pending, this.#state.serverText))
      : this.#selection;
    const length = codePointLength(this.#state.serverText);
    return moved.map((p) => Math.max(0, Math.min(p, length)));
  }

  // ---- the connection ---------------------------------------------------------------------

  /** Starts from pending edits saved in the offline queue: usable at once, offline. */
  restore(saved) {
    this.#state = DocumentState.restore(saved);
    this.#loaded();
  }

  onOnline() {
    this.#setPhase(Phase.OPENING);
    const open = { type: 'open', doc: this.id };
    if (this.#state && !this.#askSnapshot) {
      open.version = this.#state.version;
    }
    this.#ctx.send(open);
  }

  onOffline() {
    this.#setPhase(Phase.OFFLINE);
    for (const gone of this.#board.clear()) {
      this.#events.emit('presence', this.#publicPresence(gone));
    }
    this.#clearTyping();
  }

  /** A message from the server about this document. */
  handle(message) {
    if (this.#closed) {
      return;
    }
    switch (message.type) {
      case 'snapshot': return this.#onSnapshot(message);
      case 'catchup': return this.#onCatchup(message);
      case 'op':
        if (this.#phase === Phase.PROBING) {
          this.#probe.queued.push(message);
        } else if (this.#phase === Phase.LIVE) {
          this.#receive(message);
        }
        return undefined;
      case 'ack': return this.#onAck(message);
      case 'error': return this.#onError(message);
      case 'presence': return this.#onPresence(message);
      case 'signal': return this.#onSignal(message);
      case 'chat': return this.#onChat(message);
      default: return undefined;
    }
  }

  #onSnapshot(snapshot) {
    if (this.#phase !== Phase.OPENING) {
      return;
    }
    if (!this.#state) {
      this.#state = new DocumentState(snapshot.v, snapshot.text);
      this.#loaded();
      this.#goLive(snapshot);
    } else if (this.#freshLanded !== null || !this.#state.inFlight) {
      this.#finishResync(snapshot, this.#freshLanded ?? false);
    } else {
      // Resend the in-flight edit unchanged, with its seq and base: the answer tells whether it landed.
      this.#probe = { snapshot, queued: [] };
      this.#setPhase(Phase.PROBING);
      this.#sendInFlight();
    }
  }

  #onCatchup(catchup) {
    if (this.#phase !== Phase.OPENING || !this.#state) {
      return;
    }
    const unsentSeq = this.#state.inFlight?.seq ?? 0;
    this.#setPhase(Phase.LIVE);
    for (const op of catchup.ops) {
      this.#receive({ ...op, doc: this.id });
    }
    // If the catch-up held the in-flight edit, the buffer went out as a new one already.
    if (unsentSeq !== 0 && this.#state.inFlight?.seq === unsentSeq) {
      this.#sendInFlight();
    }
    this.#goLive(catchup);
  }

  /** A committed operation: the in-flight edit's ack (found in a catch-up), or someone else's. */
  #receive(committed) {
    const state = this.#state;
    if (committed.v <= state.version) {
      return;
    }
    if (committed.clientId === this.#ctx.clientId && state.inFlight?.seq === committed.seq) {
      this.#acknowledge(committed.v);
      return;
    }
    const previousText = state.text;
    const applied = state.receiveRemote(committed.op, committed.v);
    this.#moveThrough(applied);
    this.#persist();
    this.#emitChange(applied, previousText, 'remote', committed.clientId, committed.v, null);
  }

  #onAck(ack) {
    const inFlight = this.#state?.inFlight;
    if (!inFlight || ack.seq !== inFlight.seq) {
      return;
    }
    if (this.#phase === Phase.PROBING) {
      if (ack.v <= this.#probe.snapshot.v) {
        this.#finishResync(this.#probe.snapshot, true);
      } else {
        // Committed after the snapshot was taken: a fresh snapshot holds it.
        this.#resyncFresh(true);
      }
    } else if (this.#phase === Phase.LIVE) {
      if (ack.v <= this.#state.version) {
        // A duplicate of a version this client passed without recognizing it as its own.
        this.#resyncFresh(true);
      } else {
        this.#acknowledge(ack.v);
      }
    }
  }

  #acknowledge(version) {
    const madeInFlight = this.#state.acknowledge(version, () => this.#ctx.seqs.next());
    this.#persist();
    if (madeInFlight) {
      this.#sendInFlight();
    }
    this.#events.emit('pending', { edits: this.pendingEdits });
    if (!this.#state.hasPending) {
      this.#settled();
    }
  }

  #onError(error) {
    const inFlight = this.#state?.inFlight;
    const aboutInFlight = inFlight && error.seq > 0 && error.seq === inFlight.seq;
    if (aboutInFlight && (this.#phase === Phase.LIVE || this.#phase === Phase.PROBING)) {
      const probing = this.#phase === Phase.PROBING;
      const recovery = probing ? recoveryWhileProbing(error.code) : recoveryWhileLive(error.code);
      if (recovery === 'retry') {
        this.#retryLater();
      } else if (recovery === 'reopen') {
        this.#reopen(this.#state.version);
      } else if (probing) {
        this.#finishResync(this.#probe.snapshot, recovery === 'landed');
      } else {
        this.#resyncFresh(recovery === 'landed');
      }
    } else if (this.#phase === Phase.OPENING && !(error.seq > 0)
        && (error.code === 'FUTURE_VERSION' || error.code === 'HISTORY_UNAVAILABLE')) {
      // The server cannot serve the version this client knows (it may have lost data): start
      // from its snapshot; the in-flight edit is probed as after a snapshot with rebase.
      this.#askSnapshot = true;
      this.#reopen(null);
    }
    this.#events.emit('error', { code: error.code, message: error.message });
  }

  #onPresence(message) {
    if (!this.#state) {
      return;
    }
    const entry = this.#board.update(message, this.#state.pendingOp(), codePointLength(this.#state.text));
    if (entry) {
      if (entry.status === 'offline') {
        this.#stopTyping(entry.clientId);
      }
      this.#events.emit('presence', this.#publicPresence(entry));
    }
  }

  #onSignal(message) {
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

  #stopTyping(clientId) {
    if (this.#board.typing.has(clientId)) {
      this.#ctx.timers.clearTimeout(this.#board.typing.get(clientId));
      this.#board.typing.delete(clientId);
      this.#events.emit('typing', { clientId, name: this.#nameOf(clientId), typing: false });
    }
  }

  #clearTyping() {
    for (const clientId of [...this.#board.typing.keys()]) {
      this.#stopTyping(clientId);
    }
  }

  #onChat(message) {
    const entry = { clientId: message.clientId, name: message.name, text: message.text, time: message.time };
    this.#board.addChat(entry);
    this.#events.emit('chat', entry);
  }

  #goLive({ presence = [], chat = [] }) {
    this.#setPhase(Phase.LIVE);
    this.#board.chat = chat.map((m) => ({ clientId: null, name: m.name, text: m.text, time: m.time }));
    for (const change of this.#board.replaceAll(presence, this.#state.pendingOp(), codePointLength(this.#state.text))) {
      this.#events.emit('presence', this.#publicPresence(change));
    }
    this.#sendPresence();
    this.#events.emit('live', { version: this.#state.version });
  }

  // ---- resynchronization ------------------------------------------------------------------

  #finishResync(snapshot, landed) {
    const queued = this.#probe?.queued ?? [];
    this.#probe = null;
    this.#freshLanded = null;
    this.#askSnapshot = false;
    this.#setPhase(Phase.LIVE);
    const previousText = this.#state.text;
    const change = this.#state.rebase(snapshot.v, snapshot.text, landed, diffOp, () => this.#ctx.seqs.next());
    this.#moveThrough(change);
    this.#persist();
    if (change.length > 0) {
      this.#emitChange(change, previousText, 'resync', null, snapshot.v, null);
    }
    for (const op of queued) {
      this.#receive(op);
    }
    if (this.#state.inFlight) {
      this.#sendInFlight();
    }
    this.#events.emit('pending', { edits: this.pendingEdits });
    this.#goLive(snapshot);
    if (!this.#state.hasPending) {
      this.#settled();
    }
  }

  /** Asks for a fresh snapshot, to resynchronize knowing whether the in-flight edit landed. */
  #resyncFresh(landed) {
    this.#freshLanded = landed;
    this.#askSnapshot = true;
    this.#reopen(null);
  }

  #reopen(version) {
    this.#setPhase(Phase.OPENING);
    this.#ctx.send({ type: 'close', doc: this.id });
    const open = { type: 'open', doc: this.id };
    if (version !== null) {
      open.version = version;
    }
    this.#ctx.send(open);
  }

  #retryLater() {
    const seq = this.#state.inFlight.seq;
    this.#ctx.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = this.#ctx.timers.setTimeout(() => {
      this.#retryTimer = null;
      if (this.#state.inFlight?.seq === seq) {
        this.#sendInFlight();
      }
    }, this.#ctx.options.retryDelayMs);
  }

  #sendInFlight() {
    if (this.#phase !== Phase.LIVE && this.#phase !== Phase.PROBING) {
      return;
    }
    const { seq, op } = this.#state.inFlight;
    const submit = { type: 'submit', doc: this.id, v: this.#state.version, seq, op };
    const limit = this.#ctx.limits()?.maxMessageBytes;
    const json = JSON.stringify(submit);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count the bytes only when that could matter.
    if (limit && json.length * 3 > limit && new TextEncoder().encode(json).length > limit) {
      // The server would close the connection (1009), again after every reconnect.
      this.#events.emit('error', { code: 'TOO_LARGE', message: `the edit makes a message over the server's limit of ${limit} bytes` });
      this.#resyncFresh(true);
      return;
    }
    this.#ctx.send(submit);
  }

  #settled() {
    if (this.#selectionApproximate) {
      this.#sendPresence();
    }
    this.#events.emit('synced', { version: this.#state.version });
    if (this.#ctx.closeWhenSynced(this)) {
      this.close();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Moves presence, undo history and the own selection through a change to the local text. */
  #moveThrough(op) {
    this.#board.transform(op, codePointLength(this.#state.text));
    this.#undo.transform(op);
    if (this.#selection) {
      this.#selection = type.transformSelection(this.#selection, op);
    }
  }

  #emitChange(op, previousText, origin, clientId, version, caretPoints) {
    const text = this.#state.text;
    const mapPosition = (offset) => toUtf16(text, Math.min(type.transformPosition(toCodePoints(previousText, offset), op),
      codePointLength(text)));
    const caret = caretPoints === null ? null : toUtf16(text, Math.min(caretPoints, codePointLength(text)));
    this.#events.emit('change', { text, previousText, op, origin, clientId, version, mapPosition, caret });
  }

  #persist() {
    const store = this.#ctx.store;
    if (!store) {
      return;
    }
    try {
      store.write(this.id, this.#state.save(), this.#ctx.seqs.last);
    } catch (error) {
      this.#ctx.report({ code: 'STORAGE', message: `cannot save the offline queue: ${error.message}` });
    }
  }

  #loaded() {
    this.#resolveReady(this);
    this.#events.emit('load', { text: this.#state.text, version: this.#state.version });
  }

  #setPhase(phase) {
    this.#phase = phase;
    if (phase !== Phase.PROBING) {
      this.#probe = null;
    }
  }

  #publicPresence(entry) {
    const text = this.text;
    const selection = entry.selection
      ? { anchor: toUtf16(text, entry.selection[0]), focus: toUtf16(text, entry.selection[1]) }
      : null;
    return { clientId: entry.clientId, name: entry.name, color: entry.color, status: entry.status,
      lastSeen: entry.lastSeen, selection };
  }

  #nameOf(clientId) {
    return this.#board.others.get(clientId)?.name ?? clientId;
  }

  #requireLoaded() {
    if (!this.#state) {
      throw new Error(`document ${this.id} has not loaded yet: wait for doc.ready`);
    }
  }

  #requireOpen() {
    if (this.#closed) {
      throw new Error(`document ${this.id} is closed`);
    }
  }

  /**
   * Stops the document: no more events, timers or messages. Pending edits stay in the offline
   * queue and go out the next time the document is opened (or the client starts).
   */
  close() {
    if (this.#closed) {
      return;
    }
    this.shutDown();
    this.#ctx.send({ type: 'close', doc: this.id });
    this.#ctx.forget(this);
  }

  /** Stops timers and listeners without telling the server (the client is closing). */
  shutDown() {
    this.#closed = true;
    this.#setPhase(Phase.OFFLINE);
    this.#sendPresence.cancel();
    this.#sendTyping.cancel();
    for (const timer of [this.#typingIdleTimer, this.#retryTimer, ...this.#board.typing.values()]) {
      this.#ctx.timers.clearTimeout(timer);
    }
    this.#typingIdleTimer = this.#retryTimer = null;
    this.#board.typing.clear();
    this.#events.clear();
  }
}

/** The code-point position just after the last insert or delete of an operation: where an undo leaves the caret. */
function endOf(op) {
  let position = 0;
  let end = 0;
  for (const c of op) {
    if (typeof c === 'number') {
      position += c;
    } else if (typeof c === 'string') {
      position += codePointLength(c);
      end = position;
    } else {
      end = position;
    }
  }
  return end;
}
