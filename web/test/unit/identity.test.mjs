import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimClientId } from '../../src/identity.js';
import { MemoryStorage } from '../../src/offline-store.js';

/** Web Locks with the semantics claimClientId relies on: exclusive, held until the callback's promise settles. */
class FakeLocks {
  held = new Set();
  waiting = new Map();

  request(name, options, callback) {
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.held.add(name);
        Promise.resolve(callback({ name })).then(() => {
          this.held.delete(name);
          const next = this.waiting.get(name)?.shift();
          next?.();
          resolve();
        });
      };
      if (!this.held.has(name)) {
        grant();
      } else if (options.ifAvailable) {
        Promise.resolve(callback(null)).then(resolve);
      } else {
        const queue = this.waiting.get(name) ?? [];
        queue.push(grant);
        this.waiting.set(name, queue);
        options.signal?.addEventListener('abort', () => {
          queue.splice(queue.indexOf(grant), 1);
          reject(new Error('aborted'));
        });
      }
    });
  }
}

test('reload_keepsTheTabsId_onceThePreviousPageLetsGo', async () => {
  const storage = new MemoryStorage();
  const session = new MemoryStorage();
  const locks = new FakeLocks();
  const first = await claimClientId({ storage, session, locks });
  assert.match(first.clientId, /^[A-Za-z0-9_-]{22}$/);
  setTimeout(first.release, 20);
  const second = await claimClientId({ storage, session, locks, waitMs: 2000 });
  assert.equal(second.clientId, first.clientId);
  second.release();
});

test('duplicatedTab_getsItsOwnId', async () => {
  const storage = new MemoryStorage();
  const locks = new FakeLocks();
  const original = await claimClientId({ storage, session: new MemoryStorage(), locks });
  const copiedSession = new MemoryStorage();
  copiedSession.setItem('weft.clientId', original.clientId);
  // AbortSignal.timeout does not keep node's event loop alive; this does, meanwhile.
  const keepAlive = setTimeout(() => {}, 5000);
  const copy = await claimClientId({ storage, session: copiedSession, locks, waitMs: 30 });
  clearTimeout(keepAlive);
  assert.notEqual(copy.clientId, original.clientId);
  assert.equal(copiedSession.getItem('weft.clientId'), copy.clientId);
  original.release();
  copy.release();
});

test('newTab_adoptsAClosedTabsIdWithPendingEdits', async () => {
  const storage = new MemoryStorage();
  const locks = new FakeLocks();
  storage.setItem('weft.client.idle', JSON.stringify({ format: 1, clientId: 'idle', lastSeq: 3, documents: {} }));
  storage.setItem('weft.client.left-edits', JSON.stringify({
    format: 1, clientId: 'left-edits', lastSeq: 9,
    documents: { notes: { version: 1, text: 'a', inFlight: { seq: 9, op: [1, 'b'] }, buffer: null } },
  }));
  storage.setItem('weft.client.damaged', '{not json');
  const tab = await claimClientId({ storage, session: new MemoryStorage(), locks });
  assert.equal(tab.clientId, 'left-edits');
  const another = await claimClientId({ storage, session: new MemoryStorage(), locks });
  assert.equal(another.clientId, 'idle', 'then one without edits; never the damaged record');
  tab.release();
  another.release();
});

test('withoutWebLocks_usesTheSessionsIdOrANewOne', async () => {
  const storage = new MemoryStorage();
  const session = new MemoryStorage();
  const first = await claimClientId({ storage, session, locks: null });
  const again = await claimClientId({ storage, session, locks: null });
  assert.equal(again.clientId, first.clientId);
  assert.notEqual(storage.getItem(`weft.client.${first.clientId}`), null, 'a new id is recorded, so its seqs start at 1');
});
