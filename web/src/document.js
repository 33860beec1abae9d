import { type } from 'ot-text-unicode';
import { DocumentSession } from './document-session.js';
import { Emitter } from './emitter.js';
import { Participants } from './participants.js';
import { UndoManager } from './undo.js';
import { codePointLength, diffOp, replaceOp, toCodePoints, toUtf16 } from './unicode.js';

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
  #people;
  #undo;
  #session;
  #closed = false;
  #resolveReady;

  /** @param ctx the client's services: clientId, user, send, limits, seqs, store, timers, options, forget, report */
  constructor(id, ctx) {
    this.id = id;
    this.#ctx = ctx;
    this.#events = new Emitter();
    this.#people = new Participants({
      id, ctx, events: this.#events, state: () => this.#state, live: () => this.#session.live,
    });
    this.#session = new DocumentSession({
      id,
      ctx,
      loaded: () => this.#loaded(),
      applied: (op, previousText, origin, clientId, version) => {
        this.#moveThrough(op);
        this.#emitChange(op, previousText, origin, clientId, version, null);
      },
      live: (opened) => {
        this.#people.onLive(opened);
        this.#events.emit('live', { version: this.#state.version });
      },
      pending: () => this.#events.emit('pending', { edits: this.pendingEdits }),
      settled: () => this.#settled(),
      offline: () => this.#people.onOffline(),
      error: (error) => this.#events.emit('error', error),
    });
    this.#undo = new UndoManager({ groupMs: ctx.options.undoGroupMs });
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
    return this.#session.live;
  }

  /** The text and pending edits (a DocumentState), null until loaded. */
  get #state() {
    return this.#session.state;
  }

  /** The others in the document, selections in UTF-16 offsets of the local text. */
  get presence() {
    return this.#people.others;
  }

  /** The client ids of the others who are typing. */
  get typing() {
    return this.#people.typing;
  }

  /** The chat history: the recent messages sent on open, then live ones. */
  get chatHistory() {
    return this.#people.chatHistory;
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
    this.#people.transform(op);
    // Written before it can be sent: what went out under a seq is in the queue under that seq.
    this.#session.persist();
    if (madeInFlight) {
      this.#session.sendInFlight();
    }
    this.#events.emit('pending', { edits: this.pendingEdits });
  }

  // ---- presence, typing, chat -------------------------------------------------------------

  /** Sets this user's selection (UTF-16 offsets); shared, throttled, with the others. */
  select(anchor, focus = anchor) {
    this.#requireLoaded();
    this.#people.select(anchor, focus);
  }

  /** Sets this user's status, `online` or `away`. */
  setStatus(status) {
    this.#people.setStatus(status);
  }

  /**
   * Tells the others this user is typing: a `{typing: true}` signal at most once per
   * typingIntervalMs, and `{typing: false}` after typingIdleMs without a call.
   */
  typed() {
    this.#people.typed();
  }

  /** Sends a signal (any JSON value up to 1 KiB) to the others; false if not live. Not queued. */
  signal(data) {
    return this.#people.signal(data);
  }

  /** Sends a chat message (1 to 2000 code points); false if not live. Not queued. */
  chat(text) {
    return this.#people.chat(text);
  }

  // ---- the connection ---------------------------------------------------------------------

  /** Starts from pending edits saved in the offline queue: usable at once, offline. */
  restore(saved) {
    this.#session.restore(saved);
  }

  onOnline() {
    this.#session.onOnline();
  }

  onOffline() {
    this.#session.onOffline();
  }

  /** The server dropped a message of this client unread: the in-flight edit may have been it. */
  messageDropped() {
    if (!this.#closed) {
      this.#session.messageDropped();
    }
  }

  /** A message from the server about this document. */
  handle(message) {
    if (this.#closed) {
      return;
    }
    switch (message.type) {
      case 'presence':
        if (this.#state) {
          this.#people.onPresence(message);
        }
        break;
      case 'signal':
        this.#people.onSignal(message);
        break;
      case 'chat':
        this.#people.onChat(message);
        break;
      default:
        this.#session.handle(message);
    }
  }

  #settled() {
    this.#people.onSettled();
    this.#events.emit('synced', { version: this.#state.version });
    if (this.#ctx.closeWhenSynced(this)) {
      this.close();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Moves the selections and the undo history through a change to the local text. */
  #moveThrough(op) {
    this.#people.transform(op);
    this.#undo.transform(op);
  }

  #emitChange(op, previousText, origin, clientId, version, caretPoints) {
    const text = this.#state.text;
    const mapPosition = (offset) => toUtf16(text, Math.min(type.transformPosition(toCodePoints(previousText, offset), op),
      codePointLength(text)));
    const caret = caretPoints === null ? null : toUtf16(text, Math.min(caretPoints, codePointLength(text)));
    this.#events.emit('change', { text, previousText, op, origin, clientId, version, mapPosition, caret });
  }

  #loaded() {
    this.#resolveReady(this);
    this.#events.emit('load', { text: this.#state.text, version: this.#state.version });
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
    this.#session.shutDown();
    this.#people.shutDown();
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
