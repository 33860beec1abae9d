import { OfflineStore, RECORD_PREFIX } from './offline-store.js';

const SESSION_KEY = 'weft.clientId';
const LOCK_PREFIX = 'weft.client.';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * Picks the client id for this page, stable across reloads and never shared by two live tabs:
 *
 * 1. the id this tab had before a reload (sessionStorage), waiting up to `waitMs` for the page
 *    being replaced to let go of it;
 * 2. otherwise an id whose tab is gone, preferring one with pending edits in its offline queue
 *    (a closed tab's edits are sent by the next tab);
 * 3. otherwise a new random id.
 *
 * A tab holds its id with a Web Lock (`navigator.locks`) for its whole life; the browser lets go
 * of it when the tab closes or reloads. "Duplicate tab" copies sessionStorage, and the lock is
 * what keeps the copy from taking the same id. Without Web Locks, step 1 then 3.
 *
 * @returns {Promise<{clientId: string, release: () => void}>}
 */
export async function claimClientId({
  storage = globalThis.localStorage,
  session = globalThis.sessionStorage,
  locks = globalThis.navigator?.locks,
  waitMs = 1500,
} = {}) {
  const preferred = session?.getItem(SESSION_KEY) ?? null;
  if (!locks) {
    return adopt(preferred ?? newClientId(), () => {}, storage, session);
  }
  if (preferred) {
    const release = await hold(locks, preferred, waitMs);
    if (release) {
      return adopt(preferred, release, storage, session);
    }
  }
  for (const id of knownIds(storage).filter((known) => known !== preferred)) {
    const release = await hold(locks, id, 0);
    if (release) {
      return adopt(id, release, storage, session);
    }
  }
  const id = newClientId();
  return adopt(id, (await hold(locks, id, 0)) ?? (() => {}), storage, session);
}

/** A random id of 22 characters of [A-Za-z0-9_-] (132 bits). */
export function newClientId() {
  const bytes = new Uint8Array(22);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => ID_ALPHABET[b & 63]).join('');
}

function adopt(clientId, release, storage, session) {
  session?.setItem(SESSION_KEY, clientId);
  if (storage) {
    try {
      const store = new OfflineStore(storage, clientId);
      if (!store.existed) {
        store.touch();
      }
    } catch {
      // A damaged record stays as it is; WeftClient reports it when it opens the queue.
    }
  }
  return { clientId, release };
}

/** Client ids with a readable offline-queue record, those with pending edits first. */
function knownIds(storage) {
  if (!storage) {
    return [];
  }
  const ids = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(RECORD_PREFIX)) {
      ids.push(key.slice(RECORD_PREFIX.length));
    }
  }
  const pending = (id) => {
    try {
      return new OfflineStore(storage, id).documentIds().length > 0 ? 0 : 1;
    } catch {
      return 2;
    }
  };
  // A damaged record (rank 2) is left alone: its id would not start.
  return ids.map((id) => [pending(id), id]).filter(([rank]) => rank < 2)
    .sort((a, b) => a[0] - b[0]).map(([, id]) => id);
}

/** Holds the lock of `id` until the returned function is called; null if another tab holds it. */
function hold(locks, id, waitMs) {
  return new Promise((resolve) => {
    let release;
    const held = new Promise((done) => {
      release = done;
    });
    const options = waitMs > 0 ? { signal: AbortSignal.timeout(waitMs) } : { ifAvailable: true };
    locks.request(LOCK_PREFIX + id, options, (lock) => {
      if (!lock) {
        resolve(null);
        return undefined;
      }
      resolve(() => release());
      return held;
    }).catch(() => resolve(null));
  });
}
