import { ReconnectPolicy } from './backoff.js';
import { Connection, Status, browserNetwork } from './connection.js';
import { WeftDocument } from './document.js';
import { DocumentState } from './document-state.js';
import { Emitter } from './emitter.js';
import { claimClientId, newClientId } from './identity.js';
import { MemoryStorage, OfflineStore, SeqAllocator } from './offline-store.js';
import { systemTimers } from './timers.js';
import { UndoManager } from './undo.js';
import { codePointLength, diffOp, replaceOp, toCodePoints, toUtf16 } from './unicode.js';

export {
  ReconnectPolicy, Status, WeftDocument, UndoManager, MemoryStorage, claimClientId, newClientId,
  codePointLength, diffOp, replaceOp, toCodePoints, toUtf16,
};

const DOC_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const DEFAULTS = Object.freeze({
  pingIntervalMs: 15_000,
  pongTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  presenceIntervalMs: 100,
  typingIntervalMs: 1_000,
  typingIdleMs: 2_000,
  typingTimeoutMs: 4_000,
  undoGroupMs: 500,
});

/**
 * A connection to a Weft server (protocol v1 of docs/protocol.md) and the documents open over it.
 *
 *     const client = new WeftClient({ url: 'ws://127.0.0.1:8080/ws', user: { name: 'Ada' } });
 *     client.on('status', ({ status, retryAt }) => ...);
 *     client.connect();
 *     const doc = await client.open('notes').ready;
 *     doc.on('change', ({ text }) => ...);
 *     doc.replace(0, 0, 'Hello ');
 *
 * Options: `url` (required); `clientId` (default: a new random id; the editor page uses
 * claimClientId() to keep one per tab across reloads); `user` ({name, color}); `token` (sent in
 * `hello`); `storage` (localStorage-like, for the offline queue; default localStorage, or memory
 * where there is none; `null` for no queue); `reconnect` ({initialMs, maxMs, multiplier, jitter});
 * `pingIntervalMs`, `pongTimeoutMs`, `connectTimeoutMs`, `presenceIntervalMs`,
 * `typingIntervalMs`, `typingIdleMs`, `typingTimeoutMs`, `undoGroupMs`; and for tests
 * `WebSocket`, `timers` ({now, setTimeout, clearTimeout}), `random`, `network`
 * ({isOnline(), subscribe(listener) -> unsubscribe}).
 *
 * Events: `status` {status, retryAt, attempt, reason} and `error` {code, message} (errors not
 * about one document). Every `on()` returns its unsubscribe function; close() leaves no timer,
 * listener or socket behind.
 */
export class WeftClient {
  #options;
  #events = new Emitter();
  #documents = new Map();
  /** Documents opened only to send the pending edits a previous page left in the queue. */
  #background = new Set();
  #store;
  #seqs;
  #connection;
  #closed = false;

  constructor(options = {}) {
    const clientId = options.clientId ?? newClientId();
    if (!CLIENT_ID.test(clientId)) {
      throw new RangeError(`clientId must be 1 to 64 of [A-Za-z0-9_-], was ${JSON.stringify(clientId)}`);
    }
    this.#options = { ...DEFAULTS, timers: systemTimers, ...options, clientId };
    const storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.#store = storage === null ? null : new OfflineStore(storage, clientId);
    // An id given without a record may have been used elsewhere: its seqs start at the clock.
    const clocked = options.clientId !== undefined && !this.#store?.existed;
    const timers = this.#options.timers;
    this.#seqs = new SeqAllocator(this.#store?.lastSeq ?? 0, clocked ? () => timers.now() * 1000 : () => 0);
    this.#connection = new Connection({
      url: options.url,
      clientId,
      user: options.user,
      token: options.token,
      reconnect: options.reconnect instanceof ReconnectPolicy ? options.reconnect : new ReconnectPolicy(options.reconnect),
      pingIntervalMs: this.#options.pingIntervalMs,
      pongTimeoutMs: this.#options.pongTimeoutMs,
      connectTimeoutMs: this.#options.connectTimeoutMs,
      WebSocket: options.WebSocket ?? globalThis.WebSocket,
      timers,
      random: options.random ?? Math.random,
      network: options.network ?? browserNetwork(),
      onWelcome: () => this.#documents.forEach((doc) => doc.onOnline()),
      onDrop: () => this.#documents.forEach((doc) => doc.onOffline()),
      onMessage: (message) => this.#route(message),
      onStatus: (info) => this.#events.emit('status', info),
    });
  }

  get clientId() {
    return this.#options.clientId;
  }

  /** `idle`, `connecting`, `online`, `reconnecting`, `offline` or `closed` (see Status). */
  get status() {
    return this.#connection.status;
  }

  /** {status, retryAt, attempt, reason}: retryAt is when the next attempt starts, while reconnecting. */
  get statusInfo() {
    return this.#connection.info;
  }

  on(event, listener) {
    return this.#events.on(event, listener);
  }

  /**
   * Connects, and keeps reconnecting until close(). Documents with edits a previous page left
   * in the offline queue are opened in the background until those edits are acked.
   */
  connect() {
    this.#requireOpen();
    for (const id of this.#store?.documentIds() ?? []) {
      if (!this.#documents.has(id)) {
        this.#background.add(id);
        this.#openDocument(id);
      }
    }
    this.#connection.start();
    return this;
  }

  /**
   * Opens a document (the same object if it is open already). It loads from the server, or at
   * once from the offline queue if this client left edits in it; `doc.ready` resolves then.
   */
  open(id) {
    this.#requireOpen();
    if (typeof id !== 'string' || !DOC_ID.test(id)) {
      throw new RangeError(`a document id is 1 to 128 of [A-Za-z0-9._~-], was ${JSON.stringify(id)}`);
    }
    this.#background.delete(id);
    return this.#documents.get(id) ?? this.#openDocument(id);
  }

  /** Skips the rest of the reconnect delay. */
  retryNow() {
    this.#connection.retryNow();
  }

  /** Closes the connection and every document; pending edits stay in the offline queue. */
  close() {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const doc of this.#documents.values()) {
      doc.shutDown();
    }
    this.#documents.clear();
    this.#connection.close();
    this.#events.clear();
  }

  #openDocument(id) {
    const doc = new WeftDocument(id, this.#context());
    this.#documents.set(id, doc);
    const saved = this.#savedDocument(id);
    if (saved) {
      doc.restore(saved);
    }
    if (this.#connection.status === Status.ONLINE) {
      doc.onOnline();
    }
    return doc;
  }

  #savedDocument(id) {
    const saved = this.#store?.document(id);
    if (!saved) {
      return null;
    }
    try {
      // Checked here, so that a damaged entry is reported and the document loads from the server.
      DocumentState.restore(saved);
      return saved;
    } catch (error) {
      this.#events.emit('error', { code: 'STORAGE', message: `the offline queue of ${id} cannot be used: ${error.message}` });
      return null;
    }
  }

  #context() {
    const options = this.#options;
    return {
      clientId: options.clientId,
      user: options.user,
      send: (message) => this.#connection.send(message),
      limits: () => this.#connection.welcome?.limits ?? null,
      seqs: this.#seqs,
      store: this.#store,
      timers: options.timers,
      options: { ...options, retryDelayMs: options.reconnect?.initialMs ?? 250 },
      report: (error) => this.#events.emit('error', error),
      forget: (doc) => {
        if (this.#documents.get(doc.id) === doc) {
          this.#documents.delete(doc.id);
        }
        this.#background.delete(doc.id);
      },
      closeWhenSynced: (doc) => this.#background.has(doc.id),
    };
  }

  #route(message) {
    if (typeof message.doc === 'string' && message.type !== 'welcome') {
      this.#documents.get(message.doc)?.handle(message);
    } else if (message.type === 'error') {
      if (message.code === 'RATE_LIMITED') {
        // The server drops a rate-limited message unread, so the error names no document:
        // any in-flight edit may be the one dropped, and each is sent again after the retry
        // delay (one that did arrive is acked again as a duplicate).
        for (const doc of this.#documents.values()) {
          doc.messageDropped();
        }
      }
      this.#events.emit('error', { code: message.code, message: message.message });
    }
  }

  #requireOpen() {
    if (this.#closed) {
      throw new Error('the client was closed; create a new WeftClient');
    }
  }
}

function defaultStorage() {
  try {
    const storage = globalThis.localStorage;
    if (storage) {
      return storage;
    }
  } catch {
    // Storage disabled (some privacy settings throw on access): fall through to memory.
  }
  return new MemoryStorage();
}
