import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage, WeftClient } from '../../src/weft-client.js';
import { FakeNetwork, FakeSockets, ManualTimers, MemoryServer } from '../fakes.mjs';

const DOC = 'notes';

/** A seeded generator (mulberry32), so that a failing run can be repeated with WEFT_SEED. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Three clients type tokens into one document while their connections drop, the network goes
 * away, messages are lost with their connection, pongs come late, and pages reload (a new client
 * on the same storage). In the end every client shows the server's text, and every token typed
 * is in it exactly once: no edit lost, none applied twice.
 */
test('randomDropsReloadsAndOfflineEdits_convergeWithEveryTokenOnce', () => {
  const seed = Number(process.env.WEFT_SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`convergence: seed ${seed} (WEFT_SEED=${seed} repeats this run)`);
  const random = generator(seed);
  const pick = (n) => Math.floor(random() * n);
  const timers = new ManualTimers();
  const server = new MemoryServer();
  /** Per socket: the server's messages (and the socket's opening) waiting to be delivered, in order. */
  const queues = new Map();

  const users = [0, 1, 2].map((i) => ({ id: `c${i}`, storage: new MemoryStorage(), network: new FakeNetwork(), client: null, doc: null }));
  const typed = [];

  const start = (user) => {
    const sockets = new FakeSockets((socket) => {
      const queue = [];
      queues.set(socket, queue);
      server.attach(socket, queue);
      queue.push(() => socket.accept());
    });
    user.client = new WeftClient({
      url: 'ws://127.0.0.1:1/ws', clientId: user.id, storage: user.storage, timers, network: user.network,
      WebSocket: sockets.WebSocket, random, reconnect: { initialMs: 50, maxMs: 400 },
      pingIntervalMs: 300, pongTimeoutMs: 200,
    });
    user.client.connect();
    user.doc = user.client.open(DOC);
  };
  users.forEach(start);

  const deliverSome = (count) => {
    for (let i = 0; i < count; i++) {
      const ready = [...queues].filter(([socket, queue]) => queue.length > 0 && socket.readyState !== 3);
      if (ready.length === 0) {
        return;
      }
      ready[pick(ready.length)][1].shift()();
    }
  };

  const typeToken = (user) => {
    const text = user.doc.text;
    // Only between tokens, so that no token is split by another.
    const boundaries = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === ']') {
        boundaries.push(i + 1);
      }
    }
    const at = boundaries[pick(boundaries.length)];
    const token = `[${user.id}-${typed.length}${random() < 0.2 ? '😀' : ''}]`;
    typed.push(token);
    user.doc.replace(at, at, token);
  };

  for (let step = 0; step < 600; step++) {
    const user = users[pick(users.length)];
    const roll = random();
    if (roll < 0.35) {
      if (user.doc.loaded) {
        typeToken(user);
      }
    } else if (roll < 0.65) {
      deliverSome(1 + pick(6));
    } else if (roll < 0.8) {
      timers.advance(pick(120));
    } else if (roll < 0.86) {
      const socket = [...queues.keys()].filter((s) => s.readyState === 1).at(-1 - pick(2));
      socket?.drop();
    } else if (roll < 0.92) {
      user.network.set(!user.network.online);
    } else if (roll < 0.96) {
      // A page reload: the old page is gone; a new one starts from the same storage.
      user.client.close();
      start(user);
    } else {
      deliverSome(50);
    }
  }

  // Heal: everyone online, everything delivered, until nothing is pending (bounded).
  users.forEach((user) => user.network.online || user.network.set(true));
  for (let round = 0; round < 2000; round++) {
    deliverSome(100);
    timers.advance(100);
    const quiet = [...queues].every(([socket, queue]) => queue.length === 0 || socket.readyState === 3);
    if (quiet && users.every((u) => u.doc.loaded && u.doc.pendingEdits === 0 && u.doc.live)) {
      break;
    }
  }
  const serverText = server.doc(DOC).text;
  for (const user of users) {
    assert.equal(user.doc.pendingEdits, 0, `seed ${seed}: ${user.id} still has pending edits`);
    assert.equal(user.doc.text, serverText, `seed ${seed}: ${user.id} differs from the server`);
  }
  for (const token of typed) {
    const count = serverText.split(token).length - 1;
    assert.equal(count, 1, `seed ${seed}: ${token} appears ${count} times in ${serverText}`);
  }
  assert.ok(typed.length > 50, `seed ${seed}: only ${typed.length} tokens were typed`);
  users.forEach((user) => user.client.close());
  assert.equal(timers.pending(), 0, 'closed clients leave no timers');
});
