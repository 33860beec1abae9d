import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionLine, refusalOf, showConnection } from '../../src/editor/panels.js';

test('the status alone, with the seconds until the next attempt', () => {
  assert.equal(connectionLine('online', null, null, 0), 'Connected');
  assert.equal(connectionLine('offline', null, null, 0), 'Offline');
  assert.equal(connectionLine('reconnecting', 4_001, null, 0), 'Reconnecting in 5 s');
  assert.equal(connectionLine('reconnecting', 1_000, null, 5_000), 'Reconnecting in 0 s');
  assert.equal(connectionLine('reconnecting', null, null, 0), 'Reconnecting…');
});

test('a refusal says why, in front of the status', () => {
  const expired = refusalOf({ code: 'TOKEN_EXPIRED', message: 'the token expired at 12:00' });
  assert.equal(connectionLine('reconnecting', 3_000, expired, 0),
    'Sign-in expired: the token expired at 12:00 · Reconnecting in 3 s');
  assert.equal(connectionLine('online', null, refusalOf({ code: 'FORBIDDEN', message: 'no access to "plans"' }), 0),
    'Access denied: no access to "plans" · Connected');
  assert.match(connectionLine('connecting', null, refusalOf({ code: 'AUTH_REQUIRED', message: 'm' }), 0), /^Sign-in required: m/);
  assert.match(connectionLine('connecting', null, refusalOf({ code: 'AUTH_FAILED', message: 'm' }), 0), /^Sign-in failed: m/);
});

test('other errors are not refusals', () => {
  for (const code of ['RATE_LIMITED', 'TOO_LARGE', 'INTERNAL', 'STORAGE', 'toString', 'constructor']) {
    assert.equal(refusalOf({ code, message: 'x' }), null, code);
  }
  assert.equal(refusalOf(null), null);
});

/** Just what showConnection touches: the client's and document's events, and four elements. */
function fakes() {
  const emitter = () => {
    const listeners = new Map();
    return {
      on(event, listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return () => listeners.set(event, listeners.get(event).filter((l) => l !== listener));
      },
      emit(event, value) {
        (listeners.get(event) ?? []).forEach((listener) => listener(value));
      },
    };
  };
  const element = () => ({ dataset: {}, hidden: false, textContent: '', addEventListener() {}, removeEventListener() {} });
  const client = { ...emitter(), statusInfo: { status: 'reconnecting', retryAt: null }, retryNow() {} };
  const doc = { ...emitter(), pendingEdits: 0 };
  const elements = { box: element(), text: element(), pending: element(), retry: element() };
  return { client, doc, elements };
}

test('the box shows a refusal from the client or the document until the document is live', () => {
  const { client, doc, elements } = fakes();
  const stop = showConnection(client, doc, elements);
  try {
    assert.equal(elements.text.textContent, 'Reconnecting…');
    client.emit('error', { code: 'AUTH_REQUIRED', message: 'this server needs a token' });
    assert.equal(elements.box.dataset.status, 'refused');
    assert.equal(elements.text.textContent, 'Sign-in required: this server needs a token · Reconnecting…');
    client.emit('error', { code: 'RATE_LIMITED', message: 'slow down' });
    assert.match(elements.text.textContent, /^Sign-in required/, 'a passing error does not hide the refusal');

    client.statusInfo = { status: 'online', retryAt: null };
    doc.emit('live', { version: 3 });
    assert.equal(elements.box.dataset.status, 'online');
    assert.equal(elements.text.textContent, 'Connected');

    doc.emit('error', { code: 'FORBIDDEN', message: 'read-only' });
    assert.equal(elements.text.textContent, 'Access denied: read-only · Connected');
  } finally {
    stop();
  }
});
