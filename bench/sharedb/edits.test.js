// node --test edits.test.js (run by bench/scripts/server-vs-sharedb.sh before it measures)
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { type } = require('ot-text-unicode');
const edits = require('./edits');

test('percentiles of 1..1000 microseconds are nearest-rank, in milliseconds', () => {
  const p = edits.percentiles(Array.from({ length: 1000 }, (_, i) => i + 1));
  assert.deepStrictEqual(p, { count: 1000, p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p99_9: 0.999, max: 1 });
  assert.deepStrictEqual(edits.percentiles([]), { count: 0 });
});

test('next edits are valid ot-text-unicode ops that grow the text and delete once it is long', () => {
  const client = { index: 3, random: edits.random(7), typed: 0 };
  let text = '';
  let deletes = 0;
  for (let i = 0; i < 2000; i++) {
    const op = edits.next(text, client);
    const before = [...text].length;
    text = type.apply(text, type.normalize(op)); // throws on an op that does not fit the text
    if ([...text].length < before) deletes += 1;
  }
  assert.ok(text.includes('[c3.1]'), 'the first token is still there or was cut');
  assert.ok(deletes > 100, `deletes: ${deletes}`);
  assert.ok([...text].length >= 64, `length ${[...text].length}`);
});

test('the generator repeats for a seed', () => {
  const a = edits.random(42);
  const b = edits.random(42);
  for (let i = 0; i < 100; i++) assert.strictEqual(a(1000), b(1000));
});
