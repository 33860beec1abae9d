import { type } from 'ot-text-unicode';

/**
 * Undo and redo of one user's own edits, with ot.js's UndoManager semantics (and those of
 * ot-core's dev.weft.ot.UndoManager): each stack entry is the inverse of a local edit; both
 * stacks are transformed through every remote operation, so undoing never touches what others
 * wrote; an entry a remote operation empties is dropped. Consecutive typing (or deleting) within
 * `groupMs` is one entry, so one undo takes back a word rather than a keystroke.
 *
 * Operations are in code points, in ot-text-unicode's form; entries carry their deleted text
 * (`{d: "text"}`) so that they can be inverted again for redo.
 */
export class UndoManager {
  #undo = [];
  #redo = [];
  #capacity;
  #groupMs;
  #lastEdit = -Infinity;
  /** False when the top entry came from an undo or redo, or there is none: never group into it. */
  #topIsEdit = false;

  constructor({ capacity = 100, groupMs = 500 } = {}) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(`capacity must be a positive integer, was ${capacity}`);
    }
    if (!(groupMs >= 0)) {
      throw new RangeError(`groupMs must not be negative, was ${groupMs}`);
    }
    this.#capacity = capacity;
    this.#groupMs = groupMs;
  }

  get canUndo() {
    return this.#undo.length > 0;
  }

  get canRedo() {
    return this.#redo.length > 0;
  }

  get undoDepth() {
    return this.#undo.length;
  }

  get redoDepth() {
    return this.#redo.length;
  }

  /**
   * Records a local edit made at `time` (ms) to `textBefore`. It joins the top entry when the
   * previous edit was at most `groupMs` earlier and both are one run of typing (each insert right
   * after the last) or of deleting (backspace, or the delete key). Clears the redo stack.
   */
  record(op, textBefore, time) {
    if (op.length === 0) {
      return;
    }
    const inverse = type.invertWithDoc(op, textBefore);
    const group = this.#topIsEdit && time >= this.#lastEdit && time - this.#lastEdit <= this.#groupMs
      && continuesRun(inverse, this.#undo.at(-1));
    this.#lastEdit = time;
    this.#redo = [];
    if (group) {
      // The newer inverse runs first: undo takes back the latest edit, then the earlier.
      const joined = type.compose(inverse, this.#undo.pop());
      if (joined.length === 0) {
        // Typed and deleted again: nothing to undo, and the entry below is not this run.
        this.#topIsEdit = false;
        return;
      }
      this.#undo.push(joined);
    } else {
      this.#undo.push(inverse);
      if (this.#undo.length > this.#capacity) {
        this.#undo.shift();
      }
    }
    this.#topIsEdit = true;
  }

  /** Transforms both stacks through a remote operation as applied to the local text. */
  transform(remote) {
    if (remote.length === 0) {
      return;
    }
    this.#undo = transformStack(this.#undo, remote);
    this.#redo = transformStack(this.#redo, remote);
  }

  /** The operation that takes back the newest own edit (apply it as a local edit, unrecorded). */
  undo() {
    if (!this.canUndo) {
      throw new Error('nothing to undo');
    }
    const entry = this.#undo.pop();
    this.#redo.push(type.invert(entry));
    this.#topIsEdit = false;
    return entry;
  }

  /** The operation that makes the newest undone edit again. */
  redo() {
    if (!this.canRedo) {
      throw new Error('nothing to redo');
    }
    const entry = this.#redo.pop();
    this.#undo.push(type.invert(entry));
    this.#topIsEdit = false;
    return entry;
  }

  clear() {
    this.#undo = [];
    this.#redo = [];
    this.#topIsEdit = false;
  }
}

/**
 * Newest entry first: the entry meets the remote operation on the text it applies to; the remote
 * operation, transformed over the entry, then meets the next older entry. The entry takes
 * `left`, as in ot.js, where the first operation's insert wins a tie.
 */
function transformStack(stack, remote) {
  const out = [];
  let other = remote;
  for (let i = stack.length - 1; i >= 0; i--) {
    const entry = stack[i];
    const moved = type.transform(entry, other, 'left');
    other = type.transform(other, entry, 'right');
    if (moved.length > 0) {
      out.push(moved);
    }
  }
  return out.reverse();
}

/**
 * Whether `newer` (the inverse of the latest edit) continues `older` (the top entry): ot.js's
 * shouldBeComposedWithInverted, as in ot-core's EditRun.
 */
function continuesRun(newer, older) {
  if (!older) {
    return false;
  }
  const a = singleEdit(newer);
  const b = singleEdit(older);
  if (!a || !b) {
    return false;
  }
  if (a.kind === 'delete' && b.kind === 'delete') {
    // Undoing typing deletes text: the new character was typed right after the run.
    return b.start + b.length === a.start;
  }
  if (a.kind === 'insert' && b.kind === 'insert') {
    // Undoing deletion reinserts text: backspace deletes just before the run, the delete key at the same position.
    return a.start + a.length === b.start || a.start === b.start;
  }
  return false;
}

/** The one insert or delete of an operation that is only that, after an optional retain. */
function singleEdit(op) {
  let start = 0;
  let rest = op;
  if (typeof op[0] === 'number') {
    start = op[0];
    rest = op.slice(1);
  }
  if (rest.length !== 1) {
    return null;
  }
  const c = rest[0];
  if (typeof c === 'string') {
    return { kind: 'insert', start, length: [...c].length };
  }
  if (typeof c === 'object') {
    return { kind: 'delete', start, length: typeof c.d === 'number' ? c.d : [...c.d].length };
  }
  return null;
}
