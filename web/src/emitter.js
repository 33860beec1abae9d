/**
 * A small event emitter: every subscription returns its own unsubscribe function, and
 * `clear()` drops every listener at once (what `close()` calls, so nothing stays subscribed).
 * A listener that throws is reported to `onListenerError` and does not stop the others.
 */
export class Emitter {
  #listeners = new Map();
  #onListenerError;

  constructor(onListenerError = (error) => console.error('weft: a listener failed', error)) {
    this.#onListenerError = onListenerError;
  }

  /** Calls `listener(payload)` on every `event`; returns the function that unsubscribes it. */
  on(event, listener) {
    if (typeof listener !== 'function') {
      throw new TypeError(`listener for "${event}" must be a function, was ${typeof listener}`);
    }
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    // A wrapper per subscription, so one function subscribed twice unsubscribes twice.
    const entry = (payload) => listener(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.#listeners.get(event) === set) {
        this.#listeners.delete(event);
      }
    };
  }

  emit(event, payload) {
    const set = this.#listeners.get(event);
    if (!set) {
      return;
    }
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** The number of listeners, of one event or of all. */
  listenerCount(event) {
    if (event !== undefined) {
      return this.#listeners.get(event)?.size ?? 0;
    }
    let count = 0;
    for (const set of this.#listeners.values()) {
      count += set.size;
    }
    return count;
  }

  clear() {
    this.#listeners.clear();
  }
}
