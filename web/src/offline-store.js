/**
 * The offline queue: what a client needs to send its pending edits after a page reload, kept in
 * a localStorage-like `storage` (getItem, setItem, removeItem) under `weft.client.<clientId>`.
 * The record has the Java client's offline-queue format (docs/client.md):
 *
 *     {"format": 1, "clientId": "...", "lastSeq": 17,
 *      "documents": {"notes": {"version": 7, "text": "...",
 *                              "inFlight": {"seq": 17, "op": [5, "hi"], "edits": 2},
 *                              "buffer": {"op": [8, {"d": 2}], "edits": 1}}}}
 *
 * Writes are synchronous and whole, so the record is always one consistent state. Only documents
 * with pending edits are listed; `lastSeq` stays, so that seqs never repeat for the client id.
 */
export const RECORD_PREFIX = 'weft.client.';
const FORMAT = 1;

export class OfflineStore {
  #storage;
  #key;
  #record;

  /**
   * @param storage localStorage, or anything with its getItem/setItem/removeItem
   * @throws Error if the stored record is not one this version can read (it is left as it is:
   *     it may hold the only copy of someone's edits)
   */
  constructor(storage, clientId) {
    this.#storage = storage;
    this.#key = RECORD_PREFIX + clientId;
    const raw = storage.getItem(this.#key);
    this.existed = raw !== null;
    this.#record = raw === null ? { format: FORMAT, clientId, lastSeq: 0, documents: {} } : parse(raw, this.#key);
    if (this.#record.clientId !== clientId) {
      throw new Error(`${this.#key} holds the queue of client ${this.#record.clientId}, not ${clientId}`);
    }
  }

  get lastSeq() {
    return this.#record.lastSeq;
  }

  /** The saved pending edits of `doc`, or null. */
  document(doc) {
    return this.#record.documents[doc] ?? null;
  }

  /** The ids of the documents with saved pending edits. */
  documentIds() {
    return Object.keys(this.#record.documents);
  }

  /**
   * Records `saved` (DocumentState.save()) for `doc`, or removes it when null, and the last seq
   * handed out. Throws if the storage refuses the write (full, or disabled).
   */
  write(doc, saved, lastSeq) {
    if (saved) {
      this.#record.documents[doc] = saved;
    } else {
      delete this.#record.documents[doc];
    }
    this.#record.lastSeq = Math.max(this.#record.lastSeq, lastSeq);
    this.#storage.setItem(this.#key, JSON.stringify(this.#record));
  }

  /** Writes the record as it is: makes a new client id known, so its seqs can start at 1. */
  touch() {
    this.#storage.setItem(this.#key, JSON.stringify(this.#record));
    this.existed = true;
  }
}

function parse(raw, key) {
  let record;
  try {
    record = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${key} is not JSON (${error.message}); it is kept as it is`);
  }
  if (record === null || typeof record !== 'object' || record.format !== FORMAT
      || !Number.isSafeInteger(record.lastSeq) || typeof record.documents !== 'object' || record.documents === null) {
    throw new Error(`${key} is not a format-${FORMAT} offline queue; it is kept as it is`);
  }
  return record;
}

/**
 * Hands out wire seqs: one counter for all of a client's documents, strictly increasing for the
 * client id's whole life (docs/protocol.md). A client id without a record may have been used
 * elsewhere, so its counter starts at the wall clock in microseconds (as the Java client's
 * SeqAllocator does); one with a record continues from the record.
 */
export class SeqAllocator {
  #last;
  #floor;

  constructor(lastKnown, floor = () => 0) {
    this.#last = lastKnown;
    this.#floor = floor;
  }

  next() {
    this.#last = Math.max(this.#last + 1, this.#floor());
    return this.#last;
  }

  get last() {
    return this.#last;
  }
}

/** A storage that forgets everything when the page goes: for environments without localStorage. */
export class MemoryStorage {
  #items = new Map();

  getItem(key) {
    return this.#items.has(key) ? this.#items.get(key) : null;
  }

  setItem(key, value) {
    this.#items.set(key, String(value));
  }

  removeItem(key) {
    this.#items.delete(key);
  }

  key(index) {
    return [...this.#items.keys()][index] ?? null;
  }

  get length() {
    return this.#items.size;
  }
}
