import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type } from 'ot-text-unicode';
import { codePointLength, diffOp, replaceOp, toCodePoints, toUtf16 } from '../../src/unicode.js';

test('offsets_withoutSurrogates_areTheSame', () => {
  assert.equal(toCodePoints('hello', 3), 3);
  assert.equal(toUtf16('hello', 3), 3);
  assert.equal(codePointLength('hello'), 5);
});

test('offsets_afterSurrogatePairs_differByOnePerPair', () => {
  const text = 'a😀b𝄞c';
  assert.equal(text.length, 7);
  assert.equal(codePointLength(text), 5);
  assert.deepEqual([0, 1, 3, 4, 6, 7].map((o) => toCodePoints(text, o)), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((p) => toUtf16(text, p)), [0, 1, 3, 4, 6, 7]);
  assert.equal(toCodePoints(text, 2), 1, 'inside a pair counts as its start');
});

test('offsets_outOfRange_throwWithTheValue', () => {
  assert.throws(() => toCodePoints('ab', 3), /offset 3/);
  assert.throws(() => toUtf16('a😀', 3), /offset 3/);
  assert.throws(() => toUtf16('ab', 3), /offset 3/);
});

test('replaceOp_convertsUtf16RangeToCodePointOp', () => {
  assert.deepEqual(replaceOp('😀abc', 2, 3, 'X'), [1, 'X', { d: 1 }]);
  assert.deepEqual(replaceOp('abc', 0, 0, 'X'), ['X']);
  assert.deepEqual(replaceOp('abc', 1, 1, ''), []);
  assert.deepEqual(replaceOp('a😀', 1, 3, ''), [1, { d: 1 }]);
  assert.throws(() => replaceOp('abc', 2, 1, ''), /range/);
});

test('diffOp_usesTheCaretToPlaceAmbiguousEdits', () => {
  assert.deepEqual(diffOp('aa', 'aaa', 1), ['a']);
  assert.deepEqual(diffOp('aa', 'aaa', 3), [2, 'a']);
  assert.deepEqual(diffOp('abc', 'ac', 1), [1, { d: 1 }]);
  assert.deepEqual(diffOp('hello world', 'hello there world', 12), [6, 'there ']);
  assert.deepEqual(diffOp('hello world', 'hello there world', 11), [5, ' there']);
  assert.deepEqual(diffOp('same', 'same', 2), []);
});

test('diffOp_neverSplitsASurrogatePair', () => {
  // 😀 and 😃 share their high surrogate.
  const op = diffOp('x😀y', 'x😃y', 3);
  assert.deepEqual(op, [1, '😃', { d: 1 }]);
  assert.equal(type.apply('x😀y', op), 'x😃y');
});

test('diffOp_randomEdits_applyToTheNewText_seeded', () => {
  const seed = Number(process.env.WEFT_SEED ?? Date.now() % 1_000_000);
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const alphabet = ['a', 'b', ' ', '😀', 'é', '\n'];
  const word = (n) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  for (let i = 0; i < 500; i++) {
    const before = word(Math.floor(random() * 12));
    const points = [...before];
    const from = Math.floor(random() * (points.length + 1));
    const to = from + Math.floor(random() * (points.length - from + 1));
    const inserted = word(Math.floor(random() * 4));
    const after = points.slice(0, from).join('') + inserted + points.slice(to).join('');
    const caret = points.slice(0, from).join('').length + inserted.length;
    const op = diffOp(before, after, caret);
    assert.equal(type.apply(before, op), after, `seed ${seed} (WEFT_SEED=${seed} reproduces), case ${i}: ${JSON.stringify([before, after])}`);
  }
});
