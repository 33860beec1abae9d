import { type } from 'ot-text-unicode';

/**
 * One document's text and pending edits: the classic three-state client of ot.js and ShareDB
 * (synchronized, awaiting confirm, awaiting with buffer), without any I/O. Positions are code
 * points; the texts are JavaScript strings.
 *
 * - `serverText` at `version` is the last text the server confirmed.
 * - `inFlight` ({seq, op, edits}) was sent (or will be on reconnect) and is not acked; it applies
 *   to `serverText`. Its wire seq never changes, so a resend is recognized by the server.
 * - `buffer` ({op, edits}) composes every local edit made since; it applies after `inFlight`.
 * - `text` is what the user sees: `serverText` + `inFlight` + `buffer`.
 *
 * `edits` counts the local edits each one holds: the "unsent edits" the page shows.
 *
 * Side rule (as in the server and the Java client): pending local operations take `left` and
 * the server's operations `right`, which is the order the server's sequencer gives them.
 */
export class DocumentState {
  constructor(version, serverText) {
    if (!Number.isInteger(version) || version < 0) {
      throw new RangeError(`version must be a non-negative integer, was ${version}`);
    }
    this.version = version;
    this.serverText = serverText;
    this.text = serverText;
    this.inFlight = null;
    this.buffer = null;
  }

  /**
   * The state saved in the offline queue. Throws if the saved edits do not fit the saved text
   * (a damaged record): better to keep the record than to send a wrong edit.
   */
  static restore({ version, text, inFlight, buffer }) {
    const state = new DocumentState(version, text);
    if (inFlight) {
      state.inFlight = { seq: inFlight.seq, op: type.normalize(inFlight.op), edits: inFlight.edits ?? 1 };
      state.text = type.apply(state.text, state.inFlight.op);
    }
    if (buffer) {
      if (!inFlight) {
        throw new Error('a saved buffer needs a saved in-flight edit before it');
      }
      state.buffer = { op: type.normalize(buffer.op), edits: buffer.edits ?? 1 };
      state.text = type.apply(state.text, state.buffer.op);
    }
    return state;
  }

  /** What the offline queue keeps, or null when nothing is pending. */
  save() {
    if (!this.inFlight) {
      return null;
    }
    return {
      version: this.version,
      text: this.serverText,
      inFlight: { seq: this.inFlight.seq, op: this.inFlight.op, edits: this.inFlight.edits },
      buffer: this.buffer ? { op: this.buffer.op, edits: this.buffer.edits } : null,
    };
  }

  get hasPending() {
    return this.inFlight !== null;
  }

  /** The number of local edits not yet acked. */
  get pendingEdits() {
    return (this.inFlight?.edits ?? 0) + (this.buffer?.edits ?? 0);
  }

  /**
   * Applies a local edit. With nothing in flight it becomes the in-flight edit, under
   * `nextSeq()`; otherwise it composes into the buffer.
   *
   * @returns true if a new in-flight edit was made (the caller saves, then sends it)
   */
  applyLocal(op, nextSeq) {
    type.checkOp(op);
    const text = type.apply(this.text, op);
    if (op.length === 0) {
      return false;
    }
    this.text = text;
    if (!this.inFlight) {
      this.inFlight = { seq: nextSeq(), op, edits: 1 };
      return true;
    }
    this.buffer = this.buffer
      ? { op: type.compose(this.buffer.op, op), edits: this.buffer.edits + 1 }
      : { op, edits: 1 };
    return false;
  }

  /**
   * Applies an operation another client committed as `version`.
   *
   * @returns the operation as applied to the local text (transformed over the pending edits)
   */
  receiveRemote(op, version) {
    this.#checkNext(version);
    let applied = op;
    if (this.inFlight) {
      const inFlight = type.transform(this.inFlight.op, applied, 'left');
      applied = type.transform(applied, this.inFlight.op, 'right');
      this.inFlight = { ...this.inFlight, op: inFlight };
    }
    if (this.buffer) {
      const buffer = type.transform(this.buffer.op, applied, 'left');
      applied = type.transform(applied, this.buffer.op, 'right');
      this.buffer = { ...this.buffer, op: buffer };
    }
    this.serverText = type.apply(this.serverText, op);
    this.text = type.apply(this.text, applied);
    this.version = version;
    return applied;
  }

  /**
   * The in-flight edit was committed as `version`. The buffer, if any, becomes the next
   * in-flight edit under `nextSeq()`.
   *
   * @returns true if a new in-flight edit was made (the caller saves, then sends it)
   */
  acknowledge(version, nextSeq) {
    if (!this.inFlight) {
      throw new Error(`an ack of version ${version} with no edit in flight`);
    }
    this.#checkNext(version);
    this.serverText = type.apply(this.serverText, this.inFlight.op);
    this.version = version;
    this.inFlight = null;
    if (this.buffer) {
      this.inFlight = { seq: nextSeq(), op: this.buffer.op, edits: this.buffer.edits };
      this.buffer = null;
      return true;
    }
    return false;
  }

  /** The in-flight and buffered edits composed: what the local text adds to the server's; null if none. */
  pendingOp() {
    if (!this.inFlight) {
      return null;
    }
    return this.buffer ? type.compose(this.inFlight.op, this.buffer.op) : this.inFlight.op;
  }

  /**
   * Moves the pending edits onto a server text reached by operations this client does not have
   * (a snapshot with `rebase: true`, or after a refused edit). The difference between the text
   * the edits were made on and the snapshot stands in for the missing operations.
   *
   * @param landed whether the in-flight edit is part of the snapshot already (or refused for
   *     good): then it is dropped; otherwise it stays in flight, keeping its seq
   * @param diff (from, to) => the operation turning text `from` into `to`
   * @param nextSeq the seq for a buffer that becomes the in-flight edit
   * @returns the operation that turned the old local text into the new one
   */
  rebase(version, snapshotText, landed, diff, nextSeq) {
    let base = this.serverText;
    const pending = [];
    if (this.inFlight) {
      if (landed) {
        base = type.apply(base, this.inFlight.op);
      } else {
        pending.push({ ...this.inFlight });
      }
    }
    if (this.buffer) {
      pending.push({ seq: 0, ...this.buffer });
    }
    let remote = diff(base, snapshotText);
    const moved = [];
    for (const edit of pending) {
      moved.push({ ...edit, op: type.transform(edit.op, remote, 'left') });
      remote = type.transform(remote, edit.op, 'right');
    }
    this.version = version;
    this.serverText = snapshotText;
    this.inFlight = null;
    this.buffer = null;
    this.text = snapshotText;
    for (const edit of moved) {
      this.text = type.apply(this.text, edit.op);
    }
    const survivors = moved.filter((edit) => edit.op.length > 0);
    if (survivors.length > 0) {
      const [first, second] = survivors;
      // A kept in-flight edit keeps its seq; a buffer promoted to in flight gets one when sent.
      this.inFlight = { seq: first.seq || nextSeq(), op: first.op, edits: first.edits };
      if (second) {
        this.buffer = { op: second.op, edits: second.edits };
      }
    }
    return remote;
  }

  #checkNext(version) {
    if (version !== this.version + 1) {
      throw new Error(`version ${version} does not follow version ${this.version}`);
    }
  }
}
