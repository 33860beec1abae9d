import { DocumentState } from './document-state.js';
import { recoveryWhileLive, recoveryWhileProbing } from './recovery.js';
import { diffOp } from './unicode.js';

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

/**
 * One document's conversation with the server, as the Java client's DocumentSession: opening
 * and catching up, submits and acks, the in-flight edit's resend with its seq, the probe after a
 * snapshot with `rebase: true`, the error tables of docs/client.md, and the offline queue. The
 * text and pending edits are in `state` (a DocumentState, null until loaded).
 *
 * `host` is the WeftDocument: `id`, `ctx` (the client's services), and the callbacks `loaded()`,
 * `applied(op, previousText, origin, clientId, version)` (a change not made locally),
 * `live(opened)`, `pending()`, `settled()`, `offline()` and `error({code, message})`.
 */
export class DocumentSession {
  /** @type {DocumentState | null} */
  state = null;
  #host;
  #ctx;
  #phase = Phase.OFFLINE;
  /** The snapshot being probed and the operations that arrived meanwhile. */
  #probe = null;
  /** Whether the next `open` asks for a snapshot rather than the operations since the version. */
  #askSnapshot = false;
  /** The outcome to resynchronize with when the snapshot asked for by #resyncFresh arrives. */
  #freshLanded = null;
  #retryTimer = null;

  constructor(host) {
    this.#host = host;
    this.#ctx = host.ctx;
  }

  get live() {
    return this.#phase === Phase.LIVE;
  }

  /** Starts from pending edits saved in the offline queue: usable at once, offline. */
  restore(saved) {
    this.state = DocumentState.restore(saved);
    this.#host.loaded();
  }

  onOnline() {
    this.#setPhase(Phase.OPENING);
    const open = { type: 'open', doc: this.#host.id };
    if (this.state && !this.#askSnapshot) {
      open.version = this.state.version;
    }
    this.#ctx.send(open);
  }

  onOffline() {
    this.#setPhase(Phase.OFFLINE);
    this.#host.offline();
  }

  /** A message about the document's text: snapshot, catchup, op, ops, ack or error. */
  handle(message) {
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
      case 'ops':
        for (const op of message.ops) {
          this.handle({ type: 'op', doc: message.doc, ...op });
        }
        return undefined;
      case 'ack': return this.#onAck(message);
      case 'error': return this.#onError(message);
      default: return undefined;
    }
  }

  /** Writes the pending edits to the offline queue; a failure is reported, and editing goes on in memory. */
  persist() {
    const store = this.#ctx.store;
    if (!store) {
      return;
    }
    try {
      store.write(this.#host.id, this.state.save(), this.#ctx.seqs.last);
    } catch (error) {
      this.#ctx.report({ code: 'STORAGE', message: `cannot save the offline queue: ${error.message}` });
    }
  }

  /** Stops the retry timer; the document is closing. */
  shutDown() {
    this.#setPhase(Phase.OFFLINE);
    this.#ctx.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #onSnapshot(snapshot) {
    if (this.#phase !== Phase.OPENING) {
      return;
    }
    if (!this.state) {
      this.state = new DocumentState(snapshot.v, snapshot.text);
      this.#host.loaded();
      this.#goLive(snapshot);
    } else if (this.#freshLanded !== null || !this.state.inFlight) {
      this.#finishResync(snapshot, this.#freshLanded ?? false);
    } else {
      // Resend the in-flight edit unchanged, with its seq and base: the answer tells whether it landed.
      this.#probe = { snapshot, queued: [] };
      this.#setPhase(Phase.PROBING);
      this.sendInFlight();
    }
  }

  #onCatchup(catchup) {
    if (this.#phase !== Phase.OPENING || !this.state) {
      return;
    }
    const unsentSeq = this.state.inFlight?.seq ?? 0;
    this.#setPhase(Phase.LIVE);
    for (const op of catchup.ops) {
      this.#receive({ ...op, doc: this.#host.id });
    }
    // If the catch-up held the in-flight edit, the buffer went out as a new one already.
    if (unsentSeq !== 0 && this.state.inFlight?.seq === unsentSeq) {
      this.sendInFlight();
    }
    this.#goLive(catchup);
  }

  /** A committed operation: the in-flight edit's ack (found in a catch-up), or someone else's. */
  #receive(committed) {
    const state = this.state;
    if (committed.v <= state.version) {
      return;
    }
    if (committed.clientId === this.#ctx.clientId && state.inFlight?.seq === committed.seq) {
      this.#acknowledge(committed.v);
      return;
    }
    const previousText = state.text;
    const applied = state.receiveRemote(committed.op, committed.v);
    this.persist();
    this.#host.applied(applied, previousText, 'remote', committed.clientId, committed.v);
  }

  #onAck(ack) {
    const inFlight = this.state?.inFlight;
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
      if (ack.v <= this.state.version) {
        // A duplicate of a version this client passed without recognizing it as its own.
        this.#resyncFresh(true);
      } else {
        this.#acknowledge(ack.v);
      }
    }
  }

  #acknowledge(version) {
    const madeInFlight = this.state.acknowledge(version, () => this.#ctx.seqs.next());
    this.persist();
    if (madeInFlight) {
      this.sendInFlight();
    }
    this.#host.pending();
    if (!this.state.hasPending) {
      this.#host.settled();
    }
  }

  #onError(error) {
    const inFlight = this.state?.inFlight;
    const aboutInFlight = inFlight && error.seq > 0 && error.seq === inFlight.seq;
    if (aboutInFlight && (this.#phase === Phase.LIVE || this.#phase === Phase.PROBING)) {
      const probing = this.#phase === Phase.PROBING;
      const recovery = probing ? recoveryWhileProbing(error.code) : recoveryWhileLive(error.code);
      if (recovery === 'retry') {
        this.#retryLater();
      } else if (recovery === 'reopen') {
        this.#reopen(this.state.version);
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
    this.#host.error({ code: error.code, message: error.message });
  }

  /** Open and caught up, from a snapshot or catch-up (which list the others and the chat). */
  #goLive(opened) {
    this.#setPhase(Phase.LIVE);
    this.#host.live(opened);
  }

  // ---- resynchronization ------------------------------------------------------------------

  #finishResync(snapshot, landed) {
    const queued = this.#probe?.queued ?? [];
    this.#probe = null;
    this.#freshLanded = null;
    this.#askSnapshot = false;
    this.#setPhase(Phase.LIVE);
    const previousText = this.state.text;
    const change = this.state.rebase(snapshot.v, snapshot.text, landed, diffOp, () => this.#ctx.seqs.next());
    this.persist();
    if (change.length > 0) {
      this.#host.applied(change, previousText, 'resync', null, snapshot.v);
    }
    for (const op of queued) {
      this.#receive(op);
    }
    if (this.state.inFlight) {
      this.sendInFlight();
    }
    this.#host.pending();
    this.#goLive(snapshot);
    if (!this.state.hasPending) {
      this.#host.settled();
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
    this.#ctx.send({ type: 'close', doc: this.#host.id });
    const open = { type: 'open', doc: this.#host.id };
    if (version !== null) {
      open.version = version;
    }
    this.#ctx.send(open);
  }

  /** The server dropped a message unread: resend the in-flight edit after the retry delay. */
  messageDropped() {
    if (this.state?.inFlight && (this.#phase === Phase.LIVE || this.#phase === Phase.PROBING)) {
      this.#retryLater();
    }
  }

  #retryLater() {
    const seq = this.state.inFlight.seq;
    this.#ctx.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = this.#ctx.timers.setTimeout(() => {
      this.#retryTimer = null;
      if (this.state.inFlight?.seq === seq) {
        this.sendInFlight();
      }
    }, this.#ctx.options.retryDelayMs);
  }

  /** Sends the in-flight edit, if the document is open on the server. */
  sendInFlight() {
    if (this.#phase !== Phase.LIVE && this.#phase !== Phase.PROBING) {
      return;
    }
    const { seq, op } = this.state.inFlight;
    const submit = { type: 'submit', doc: this.#host.id, v: this.state.version, seq, op };
    const limit = this.#ctx.limits()?.maxMessageBytes;
    const json = JSON.stringify(submit);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count the bytes only when that could matter.
    if (limit && json.length * 3 > limit && new TextEncoder().encode(json).length > limit) {
      // The server would close the connection (1009), again after every reconnect.
      this.#host.error({ code: 'TOO_LARGE', message: `the edit makes a message over the server's limit of ${limit} bytes` });
      this.#resyncFresh(true);
      return;
    }
    this.#ctx.send(submit);
  }

  #setPhase(phase) {
    this.#phase = phase;
    if (phase !== Phase.PROBING) {
      this.#probe = null;
    }
  }
}
