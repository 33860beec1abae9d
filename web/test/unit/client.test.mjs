import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStorage, WeftClient } from '../../src/weft-client.js';
import { FakeNetwork, FakeSockets, ManualTimers } from '../fakes.mjs';

const URL = 'ws://127.0.0.1:1/ws';

function setup(overrides = {}) {
  const timers = new ManualTimers();
  const sockets = new FakeSockets();
  const network = new FakeNetwork();
  const storage = overrides.storage ?? new MemoryStorage();
  const client = new WeftClient({
    url: URL, clientId: 'alice', user: { name: 'Alice', color: '#e91e63' }, storage, timers, network,
    WebSocket: sockets.WebSocket, random: () => 0.5, ...overrides,
  });
  return { client, timers, sockets, network, storage };
}

/** Opens the last socket and answers hello with welcome. */
function welcome(sockets) {
  const socket = sockets.last;
  socket.accept();
  socket.deliver({ type: 'welcome', protocol: 1, clientId: 'alice', heartbeatMs: 15000, limits: { maxMessageBytes: 65536 } });
  return socket;
}

/** A connected client with 'notes' open and live at version `v`, holding `text`. */
function live(text, { v = 0, ...overrides } = {}) {
  const parts = setup(overrides);
  parts.client.connect();
  const socket = welcome(parts.sockets);
  const doc = parts.client.open('notes');
  socket.deliver({ type: 'snapshot', doc: 'notes', v, text, presence: [], chat: [] });
  return { ...parts, socket, doc };
}

test('hello_carriesClientIdUserAndToken', () => {
  const { client, sockets } = setup({ token: 'jwt-123' });
  client.connect();
  sockets.last.accept();
  assert.deepEqual(sockets.last.sent[0], {
    type: 'hello', protocol: 1, clientId: 'alice', user: { name: 'Alice', color: '#e91e63' }, token: 'jwt-123',
  });
  client.close();
});

test('hello_withoutToken_hasNoTokenField', () => {
  const { client, sockets } = setup();
  client.connect();
  sockets.last.accept();
  assert.equal('token' in sockets.last.sent[0], false);
  client.close();
});

test('open_snapshot_loadsTextAndPresenceInUtf16', async () => {
  const { client, sockets } = setup();
  client.connect();
  const socket = welcome(sockets);
  const doc = client.open('notes');
  assert.deepEqual(socket.ofType('open'), [{ type: 'open', doc: 'notes' }]);
  socket.deliver({
    type: 'snapshot', doc: 'notes', v: 3, text: '😀ab',
    presence: [{ clientId: 'bob', user: { name: 'Bob', color: '#00f' }, status: 'online', lastSeen: 1, selection: [1, 2] }],
    chat: [{ name: 'Bob', text: 'hi', time: 5 }],
  });
  await doc.ready;
  assert.equal(doc.text, '😀ab');
  assert.equal(doc.version, 3);
  // Code point 1 is UTF-16 offset 2, after the emoji's surrogate pair.
  assert.deepEqual(doc.presence[0].selection, { anchor: 2, focus: 3 });
  assert.deepEqual(doc.chatHistory.map((m) => m.text), ['hi']);
  client.close();
});

test('replace_convertsUtf16ToCodePointsOnTheWire', () => {
  const { client, socket, doc } = live('😀b');
  doc.replace(2, 3, 'c');
  const [submit] = socket.ofType('submit');
  assert.deepEqual(submit.op, [1, 'c', { d: 1 }]);
  assert.equal(submit.v, 0);
  assert.equal(doc.text, '😀c');
  client.close();
});

test('editsWhileInFlight_composeIntoOneBufferSentOnAck', () => {
  const { client, socket, doc } = live('');
  doc.replace(0, 0, 'a');
  doc.replace(1, 1, 'b');
  doc.replace(2, 2, 'c');
  assert.equal(socket.ofType('submit').length, 1);
  assert.equal(doc.pendingEdits, 3);
  const first = socket.ofType('submit')[0];
  socket.deliver({ type: 'ack', doc: 'notes', seq: first.seq, v: 1 });
  const second = socket.ofType('submit')[1];
  assert.deepEqual(second.op, [1, 'bc']);
  assert.equal(second.v, 1);
  assert.ok(second.seq > first.seq);
  socket.deliver({ type: 'ack', doc: 'notes', seq: second.seq, v: 2 });
  assert.equal(doc.pendingEdits, 0);
  client.close();
});

test('remoteOp_isTransformedOverPendingEdits_andReportedWithPositionMap', () => {
  const { client, socket, doc } = live('hello');
  doc.replace(0, 0, '>> ');
  const changes = [];
  doc.on('change', (change) => changes.push(change));
  socket.deliver({ type: 'op', doc: 'notes', v: 1, op: [5, '!'], clientId: 'bob', seq: 1 });
  assert.equal(doc.text, '>> hello!');
  assert.equal(changes.length, 1);
  assert.equal(changes[0].clientId, 'bob');
  assert.deepEqual(changes[0].op, [8, '!']);
  assert.equal(changes[0].mapPosition(3), 3);
  assert.equal(changes[0].mapPosition(8), 8, 'a remote insert at the caret goes after it');
  client.close();
});

test('opsCommittedTogether_areAppliedInOrder_eachAChange', () => {
  const { client, socket, doc } = live('hello');
  doc.replace(5, 5, '!');
  const changes = [];
  doc.on('change', (change) => changes.push(change));
  socket.deliver({ type: 'ops', doc: 'notes', ops: [
    { v: 1, op: ['X'], clientId: 'bob', seq: 1 },
    { v: 2, op: [6, '?'], clientId: 'carol', seq: 1 },
  ] });
  assert.equal(doc.text, 'Xhello!?', 'a pending insert at the same place goes first, as the server rebases it');
  assert.deepEqual(changes.map((c) => c.clientId), ['bob', 'carol']);
  socket.deliver({ type: 'ack', doc: 'notes', seq: socket.ofType('submit')[0].seq, v: 3 });
  assert.equal(doc.version, 3);
  client.close();
});

test('offlineEdits_areSavedThenSentWithTheirSeqAfterReconnectCatchup', () => {
  let { client, sockets, timers, network, socket, doc } = live('abcd', { v: 4 });
  doc.replace(4, 4, 'X');
  const sent = socket.ofType('submit')[0];
  network.set(false);
  assert.equal(client.status, 'offline');
  doc.replace(5, 5, 'Y');
  assert.equal(doc.pendingEdits, 2);
  assert.equal(timers.pending(), 0, 'an offline browser waits for the network, not a timer');
  network.set(true);
  socket = welcome(sockets);
  assert.deepEqual(socket.ofType('open'), [{ type: 'open', doc: 'notes', version: 4 }]);
  // The server never got the submit: the catch-up has only bob's op, and the edit is resent.
  socket.deliver({ type: 'catchup', doc: 'notes', v: 4, ops: [{ v: 5, op: [{ d: 1 }], clientId: 'bob', seq: 9 }], presence: [], chat: [] });
  const resent = socket.ofType('submit')[0];
  assert.equal(resent.seq, sent.seq);
  assert.equal(resent.v, 5);
  assert.deepEqual(resent.op, [3, 'X']);
  assert.equal(doc.text, 'bcdXY');
  client.close();
});

test('catchupHoldingOwnInFlightEdit_countsAsItsAck_andSendsTheBuffer', () => {
  let { client, sockets, network, socket, doc } = live('');
  doc.replace(0, 0, 'a');
  const sent = socket.ofType('submit')[0];
  network.set(false);
  doc.replace(1, 1, 'b');
  network.set(true);
  socket = welcome(sockets);
  socket.deliver({ type: 'catchup', doc: 'notes', v: 0, ops: [{ v: 1, op: ['a'], clientId: 'alice', seq: sent.seq }], presence: [], chat: [] });
  const submits = socket.ofType('submit');
  assert.equal(submits.length, 1, 'the in-flight edit is not sent twice');
  assert.deepEqual(submits[0].op, [1, 'b']);
  assert.equal(submits[0].v, 1);
  assert.equal(doc.text, 'ab');
  client.close();
});

test('pageReload_restoresQueueFromStorage_andResendsWithOriginalSeq', async () => {
  const storage = new MemoryStorage();
  const first = setup({ storage });
  first.client.connect();
  const socket = welcome(first.sockets);
  const doc = first.client.open('notes');
  socket.deliver({ type: 'snapshot', doc: 'notes', v: 2, text: 'hi', presence: [], chat: [] });
  first.network.set(false);
  doc.replace(2, 2, ' there');
  doc.replace(8, 8, '!');
  const seq = JSON.parse(storage.getItem('weft.client.alice')).documents.notes.inFlight.seq;
  first.client.close();

  const second = setup({ storage });
  const restored = second.client.open('notes');
  await restored.ready;
  assert.equal(restored.text, 'hi there!', 'the text with the offline edits is there before any connection');
  assert.equal(restored.pendingEdits, 2);
  second.client.connect();
  const socket2 = welcome(second.sockets);
  assert.deepEqual(socket2.ofType('open'), [{ type: 'open', doc: 'notes', version: 2 }]);
  socket2.deliver({ type: 'catchup', doc: 'notes', v: 2, ops: [], presence: [], chat: [] });
  const [resent] = socket2.ofType('submit');
  assert.equal(resent.seq, seq);
  assert.deepEqual(resent.op, [2, ' there']);
  socket2.deliver({ type: 'ack', doc: 'notes', seq, v: 3, duplicate: true });
  const [buffer] = socket2.ofType('submit').slice(1);
  assert.deepEqual(buffer.op, [8, '!']);
  assert.ok(buffer.seq > seq);
  socket2.deliver({ type: 'ack', doc: 'notes', seq: buffer.seq, v: 4 });
  assert.equal(JSON.parse(storage.getItem('weft.client.alice')).documents.notes, undefined);
  second.client.close();
});

test('queuedEditsOfAnUnopenedDocument_areSentInTheBackground', () => {
  const storage = new MemoryStorage();
  storage.setItem('weft.client.alice', JSON.stringify({
    format: 1, clientId: 'alice', lastSeq: 7,
    documents: { old: { version: 1, text: 'x', inFlight: { seq: 7, op: [1, 'y'], edits: 1 }, buffer: null } },
  }));
  const { client, sockets } = setup({ storage });
  client.connect();
  const socket = welcome(sockets);
  assert.deepEqual(socket.ofType('open'), [{ type: 'open', doc: 'old', version: 1 }]);
  socket.deliver({ type: 'catchup', doc: 'old', v: 1, ops: [], presence: [], chat: [] });
  assert.deepEqual(socket.ofType('submit')[0], { type: 'submit', doc: 'old', v: 1, seq: 7, op: [1, 'y'] });
  socket.deliver({ type: 'ack', doc: 'old', seq: 7, v: 2 });
  assert.deepEqual(socket.ofType('close'), [{ type: 'close', doc: 'old' }]);
  client.close();
});

test('snapshotWithRebase_probesInFlightEdit_duplicateAck_dropsItAndRebasesBuffer', () => {
  let { client, sockets, network, socket, doc } = live('abc');
  doc.replace(3, 3, 'X');
  const sent = socket.ofType('submit')[0];
  network.set(false);
  doc.replace(0, 0, 'Y');
  network.set(true);
  socket = welcome(sockets);
  // History pruned: the snapshot holds X (committed before the drop) and someone's "Z".
  socket.deliver({ type: 'snapshot', doc: 'notes', v: 9, text: 'abcXZ', rebase: true, presence: [], chat: [] });
  const probe = socket.ofType('submit')[0];
  assert.deepEqual(probe, { type: 'submit', doc: 'notes', v: 0, seq: sent.seq, op: [3, 'X'] });
  socket.deliver({ type: 'ack', doc: 'notes', seq: sent.seq, v: 4, duplicate: true });
  assert.equal(doc.text, 'YabcXZ');
  const next = socket.ofType('submit')[1];
  assert.deepEqual(next.op, ['Y']);
  assert.equal(next.v, 9);
  client.close();
});

test('snapshotWithRebase_probeRefusedAsHistoryUnavailable_resendsEditRebased', () => {
  let { client, sockets, network, socket, doc } = live('abc');
  network.set(false);
  doc.replace(3, 3, 'X');
  network.set(true);
  socket = welcome(sockets);
  socket.deliver({ type: 'snapshot', doc: 'notes', v: 9, text: '_abc', rebase: true, presence: [], chat: [] });
  const probe = socket.ofType('submit')[0];
  socket.deliver({ type: 'error', doc: 'notes', seq: probe.seq, code: 'HISTORY_UNAVAILABLE', message: 'pruned' });
  const resent = socket.ofType('submit')[1];
  assert.equal(resent.seq, probe.seq, 'the edit never landed, so it keeps its seq');
  assert.equal(resent.v, 9);
  assert.deepEqual(resent.op, [4, 'X']);
  assert.equal(doc.text, '_abcX');
  client.close();
});

test('duplicateAckAboveKnownVersion_isAnAck', () => {
  const { client, socket, doc } = live('');
  doc.replace(0, 0, 'a');
  const { seq } = socket.ofType('submit')[0];
  socket.deliver({ type: 'ack', doc: 'notes', seq, v: 1, duplicate: true });
  assert.equal(doc.pendingEdits, 0);
  assert.equal(doc.version, 1);
  client.close();
});

test('refusedEdit_invalidOp_resyncsOntoFreshSnapshot', () => {
  const { client, socket, doc } = live('ab');
  doc.replace(0, 0, 'X');
  const { seq } = socket.ofType('submit')[0];
  const errors = [];
  doc.on('error', (e) => errors.push(e.code));
  socket.deliver({ type: 'error', doc: 'notes', seq, code: 'INVALID_OP', message: 'no' });
  assert.deepEqual(socket.sent.slice(-2), [{ type: 'close', doc: 'notes' }, { type: 'open', doc: 'notes' }]);
  socket.deliver({ type: 'snapshot', doc: 'notes', v: 0, text: 'ab', presence: [], chat: [] });
  assert.equal(doc.text, 'ab');
  assert.equal(doc.pendingEdits, 0);
  assert.deepEqual(errors, ['INVALID_OP']);
  client.close();
});

test('rateLimited_resendsSameSubmissionAfterDelay', () => {
  const { client, timers, socket, doc } = live('', { reconnect: { initialMs: 100 } });
  doc.replace(0, 0, 'a');
  const first = socket.ofType('submit')[0];
  socket.deliver({ type: 'error', doc: 'notes', seq: first.seq, code: 'RATE_LIMITED', message: 'slow down' });
  assert.equal(socket.ofType('submit').length, 1);
  timers.advance(100);
  assert.deepEqual(socket.ofType('submit')[1], first);
  client.close();
});

test('rateLimitedWithoutDocument_messageDroppedUnread_resendsInFlightSubmission', () => {
  const { client, timers, socket, doc } = live('', { reconnect: { initialMs: 100 } });
  doc.replace(0, 0, 'a');
  const first = socket.ofType('submit')[0];
  // What the server sends for a message it dropped unread: no doc, no seq.
  socket.deliver({ type: 'error', code: 'RATE_LIMITED', message: 'slow down; the message was dropped' });
  assert.equal(socket.ofType('submit').length, 1);
  timers.advance(100);
  assert.deepEqual(socket.ofType('submit')[1], first);
  client.close();
});

test('presence_selectionIsThrottledAndSentInServerCoordinates', () => {
  const { client, timers, socket, doc } = live('abcdef', { v: 2, presenceIntervalMs: 100 });
  timers.advance(1000);
  const before = socket.ofType('presence').length;
  doc.select(1);
  doc.select(2);
  doc.select(3, 5);
  assert.equal(socket.ofType('presence').length, before + 1, 'the first update goes at once');
  timers.advance(100);
  const last = socket.ofType('presence').at(-1);
  assert.deepEqual(last, { type: 'presence', doc: 'notes', status: 'online', selection: [3, 5], v: 2 });
  assert.equal(socket.ofType('presence').length, before + 2, 'the rest fold into one');
  // A pending insert before the selection: the server gets the selection without it.
  doc.replace(0, 0, 'XY');
  timers.advance(100);
  doc.select(5, 7);
  timers.advance(100);
  assert.deepEqual(socket.ofType('presence').at(-1).selection, [3, 5]);
  client.close();
});

test('typing_signalsThrottled_andStopAfterIdle_othersExpire', () => {
  const { client, sockets, timers } = setup({ typingIntervalMs: 1000, typingIdleMs: 2000, typingTimeoutMs: 4000 });
  client.connect();
  const socket = welcome(sockets);
  const doc = client.open('notes');
  socket.deliver({ type: 'snapshot', doc: 'notes', v: 0, text: '',
    presence: [{ clientId: 'bob', user: { name: 'Bob', color: '#00f' }, status: 'online', lastSeen: 1, selection: null }], chat: [] });
  doc.typed();
  doc.typed();
  timers.advance(500);
  doc.typed();
  assert.deepEqual(socket.ofType('signal').map((s) => s.data), [{ typing: true }]);
  timers.advance(2000);
  assert.deepEqual(socket.ofType('signal').map((s) => s.data), [{ typing: true }, { typing: true }, { typing: false }]);

  const typing = [];
  doc.on('typing', (t) => typing.push([t.name, t.typing]));
  socket.deliver({ type: 'signal', doc: 'notes', clientId: 'bob', data: { typing: true } });
  socket.deliver({ type: 'signal', doc: 'notes', clientId: 'bob', data: { typing: true } });
  assert.deepEqual(doc.typing, ['bob']);
  timers.advance(4000);
  assert.deepEqual(typing, [['Bob', true], ['Bob', false]]);
  client.close();
});

test('chat_ownMessageJoinsHistory_lengthChecked', () => {
  const { client, sockets } = setup();
  client.connect();
  const socket = welcome(sockets);
  const doc = client.open('notes');
  socket.deliver({ type: 'snapshot', doc: 'notes', v: 0, text: '', presence: [], chat: [{ name: 'Bob', text: 'old', time: 1 }] });
  assert.equal(doc.chat('hello'), true);
  socket.deliver({ type: 'chat', doc: 'notes', clientId: 'bob', name: 'Bob', text: 'hey', time: 9 });
  assert.deepEqual(doc.chatHistory.map((m) => `${m.name}: ${m.text}`), ['Bob: old', 'Alice: hello', 'Bob: hey']);
  assert.deepEqual(socket.ofType('chat'), [{ type: 'chat', doc: 'notes', text: 'hello' }]);
  assert.throws(() => doc.chat(''), /1 to 2000/);
  assert.throws(() => doc.chat('x'.repeat(2001)), /1 to 2000/);
  client.close();
});

test('undo_takesBackOwnEditsOnly_afterRemoteEdits', () => {
  const { client, timers, socket, doc } = live('');
  for (const ch of 'hello') {
    doc.replace(doc.text.length, doc.text.length, ch);
    timers.advance(50);
  }
  socket.deliver({ type: 'ack', doc: 'notes', seq: socket.ofType('submit')[0].seq, v: 1 });
  socket.deliver({ type: 'ack', doc: 'notes', seq: socket.ofType('submit')[1].seq, v: 2 });
  socket.deliver({ type: 'op', doc: 'notes', v: 3, op: ['Bob says '], clientId: 'bob', seq: 1 });
  socket.deliver({ type: 'op', doc: 'notes', v: 4, op: [9, 'XX'], clientId: 'bob', seq: 2 });
  assert.equal(doc.text, 'Bob says XXhello');
  const changes = [];
  doc.on('change', (c) => changes.push(c));
  assert.equal(doc.undo(), true);
  assert.equal(doc.text, 'Bob says XX');
  assert.equal(changes[0].origin, 'undo');
  assert.equal(changes[0].caret, 11);
  assert.equal(doc.undo(), false, 'the typing was one entry');
  assert.equal(doc.redo(), true);
  assert.equal(doc.text, 'Bob says XXhello');
  client.close();
});

test('pingWithoutPong_dropsConnection_andReconnectsWithBackoff', () => {
  const { client, sockets, timers } = setup({ pingIntervalMs: 1000, pongTimeoutMs: 500, reconnect: { initialMs: 200, jitter: 0 } });
  const statuses = [];
  client.on('status', (s) => statuses.push(s.status));
  client.connect();
  const socket = welcome(sockets);
  timers.advance(1000);
  const ping = socket.ofType('ping')[0];
  assert.ok(ping);
  socket.deliver({ type: 'pong', t: ping.t });
  timers.advance(1000);
  assert.equal(socket.ofType('ping').length, 2);
  timers.advance(499);
  assert.equal(client.status, 'online');
  timers.advance(1);
  assert.equal(client.status, 'reconnecting');
  assert.equal(socket.closedByClient, true);
  assert.equal(client.statusInfo.retryAt, timers.now() + 200);
  timers.advance(200);
  assert.equal(sockets.sockets.length, 2);
  assert.deepEqual(statuses, ['connecting', 'online', 'reconnecting', 'connecting']);
  client.close();
});

test('reconnectDelays_growExponentiallyWithJitter_andResetAfterWelcome', () => {
  let r = 0;
  const randoms = [0, 0.5, 0.999, 0.25];
  const { client, sockets, timers } = setup({
    reconnect: { initialMs: 100, maxMs: 1000, multiplier: 2, jitter: 0.5 }, random: () => randoms[r++ % randoms.length],
  });
  client.connect();
  const delays = [];
  for (let i = 0; i < 6; i++) {
    sockets.last.drop();
    delays.push(timers.nextDelay());
    timers.advance(timers.nextDelay());
  }
  // min(1000, 100 * 2^n) * (1 - 0.5 * random)
  assert.deepEqual(delays, [100, 150, 200, 700, 1000, 750]);
  welcome(sockets);
  sockets.last.drop();
  assert.equal(timers.nextDelay(), Math.round(100 * (1 - 0.5 * randoms[(r - 1) % randoms.length])), 'the count starts again');
  client.close();
});

test('noWelcomeInTime_dropsAndRetries', () => {
  const { client, sockets, timers } = setup({ connectTimeoutMs: 300 });
  client.connect();
  sockets.last.accept();
  timers.advance(300);
  assert.equal(client.status, 'reconnecting');
  client.close();
});

test('close_leavesNoTimersListenersOrSocket', () => {
  const { client, sockets, timers, network } = setup();
  const unsubscribe = client.on('status', () => {});
  client.connect();
  const socket = welcome(sockets);
  const doc = client.open('notes');
  socket.deliver({ type: 'snapshot', doc: 'notes', v: 0, text: '', presence: [], chat: [] });
  doc.on('change', () => {});
  doc.select(0);
  doc.select(0);
  doc.typed();
  socket.deliver({ type: 'signal', doc: 'notes', clientId: 'bob', data: { typing: true } });
  assert.ok(timers.pending() > 0);
  client.close();
  assert.equal(timers.pending(), 0);
  assert.equal(network.listeners.size, 0);
  assert.equal(socket.closedByClient, true);
  assert.equal(client.status, 'closed');
  unsubscribe();
  assert.throws(() => client.open('other'), /closed/);
});

test('unsubscribe_stopsOneListenerOnly', () => {
  const { client, socket, doc } = live('');
  const a = [];
  const b = [];
  const offA = doc.on('chat', (m) => a.push(m.text));
  doc.on('chat', (m) => b.push(m.text));
  socket.deliver({ type: 'chat', doc: 'notes', clientId: 'bob', name: 'Bob', text: 'one', time: 1 });
  offA();
  socket.deliver({ type: 'chat', doc: 'notes', clientId: 'bob', name: 'Bob', text: 'two', time: 2 });
  assert.deepEqual(a, ['one']);
  assert.deepEqual(b, ['one', 'two']);
  client.close();
});

test('chosenClientIdWithoutRecord_startsSeqsAtTheClock', () => {
  const { client, timers, socket, doc } = live('');
  doc.replace(0, 0, 'a');
  assert.ok(socket.ofType('submit')[0].seq >= timers.now() * 1000);
  client.close();
});

test('badOptions_failWithClearMessages', () => {
  assert.throws(() => new WeftClient({ url: 'http://x', storage: null }), /ws:\/\//);
  assert.throws(() => new WeftClient({ url: URL, clientId: 'no spaces', storage: null }), /clientId/);
  const { client } = setup();
  assert.throws(() => client.open('bad/id'), /document id/);
  client.close();
});
