'use strict';
// Writes test vectors for Weft's differential conformance test: random documents and operations,
// each case with the answer of the ot-text-unicode 4.0.0 npm package, one JSON object a line.
//
//   node generate.js --seed S --cases N --out FILE
//
// One seed always gives the same file, and the first N cases of a longer run are the same N
// cases, so a failing line can be reproduced from its seed alone. See docs/conformance.md.

const fs = require('fs');
const { parseArgs } = require('util');
const { type } = require('ot-text-unicode');

const PACKAGE_VERSION = '4.0.0';

// Case kinds and their weights in the mix.
const KINDS = [
  ['apply', 14],
  ['compose', 16],
  ['transform', 24],
  ['invert', 7],
  ['invertWithDoc', 8],
  ['makeInvertible', 5],
  ['stripInvertible', 4],
  ['transformPosition', 12],
  ['transformSelection', 10],
];

// ASCII (with the characters JSON must escape), multilingual BMP text, and astral code points,
// which are surrogate pairs in JavaScript and Java strings but one position in an operation.
const ASCII = Array.from('abcdefghijklmnopqrstuvwxyz ABC.,"\\\n\t');
const BMP = Array.from('üéßñжλ€漢字한글あ\u00a0\ufeff');
const ASTRAL = Array.from('😅🤖👻🎉𝄞𠀋👍🏽');

/** mulberry32: a tiny 32-bit PRNG, good enough to drive a fuzzer and identical on every Node. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(seed) {
    this.next = mulberry32(seed);
  }

  /** An integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  weighted(pairs) {
    let r = this.int(pairs.reduce((sum, [, w]) => sum + w, 0));
    for (const [value, weight] of pairs) {
      if ((r -= weight) < 0) return value;
    }
    throw Error('unreachable');
  }
}

function randomChar(rnd) {
  const r = rnd.next();
  return rnd.pick(r < 0.6 ? ASCII : r < 0.85 ? BMP : ASTRAL);
}

/** 1 to max code points. */
function randomText(rnd, max) {
  let text = '';
  for (let n = 1 + rnd.int(max); n > 0; n--) text += randomChar(rnd);
  return text;
}

/** Mostly short documents, where concurrent edits collide often; sometimes empty or longer ones. */
function randomDoc(rnd) {
  const max = rnd.weighted([[0, 5], [12, 55], [40, 30], [120, 10]]);
  return max === 0 ? '' : randomText(rnd, max);
}

/** A length for a retain or delete at a place with `left` code points to go; mostly short. */
function randomLength(rnd, left) {
  return 1 + rnd.int(rnd.chance(0.8) ? Math.min(left, 6) : left);
}

/**
 * A random valid operation on `doc`, normalized. `deletes` says whether deletes carry their
 * text: 'count' never, 'text' always, 'mixed' each one by chance.
 */
function randomOp(rnd, doc, deletes = rnd.pick(['count', 'text', 'mixed'])) {
  const chars = Array.from(doc);
  const op = [];
  let pos = 0;
  const steps = rnd.chance(0.06) ? 0 : 1 + rnd.int(rnd.chance(0.85) ? 6 : 16);
  for (let i = 0; i < steps; i++) {
    const left = chars.length - pos;
    const kind = rnd.weighted([['retain', 4], ['insert', 3], ['delete', 3]]);
    if (kind === 'retain' && left > 0) {
      const n = randomLength(rnd, left);
      op.push(n);
      pos += n;
    } else if (kind === 'delete' && left > 0) {
      const n = randomLength(rnd, left);
      const withText = deletes === 'text' || (deletes === 'mixed' && rnd.chance(0.5));
      op.push({ d: withText ? chars.slice(pos, pos + n).join('') : n });
      pos += n;
    } else {
      op.push(randomText(rnd, rnd.chance(0.85) ? 4 : 12));
    }
  }
  if (rnd.chance(0.1)) {
    // Insert at the very end of the document.
    if (pos < chars.length) op.push(chars.length - pos);
    op.push(randomText(rnd, 3));
  }
  return type.normalize(op);
}

/** The package mutates some arguments (it merges deletes in place), so it gets copies. */
const copy = (value) => JSON.parse(JSON.stringify(value));

const codePointLength = (doc) => Array.from(doc).length;

/** Builds one case of `kind`: its inputs and the package's result. */
function makeCase(rnd, kind) {
  const doc = randomDoc(rnd);
  switch (kind) {
    case 'apply': {
      const op = randomOp(rnd, doc);
      return { kind, doc, op, result: type.apply(doc, copy(op)) };
    }
    case 'compose': {
      const a = randomOp(rnd, doc);
      const b = randomOp(rnd, type.apply(doc, copy(a)));
      return { kind, doc, a, b, result: type.compose(copy(a), copy(b)) };
    }
    case 'transform': {
      const a = randomOp(rnd, doc);
      const b = randomOp(rnd, doc);
      const left = type.transform(copy(a), copy(b), 'left');
      const right = type.transform(copy(a), copy(b), 'right');
      return { kind, doc, a, b, result: { left, right } };
    }
    case 'invert': {
      const op = randomOp(rnd, doc, 'text');
      return { kind, doc, op, result: type.invert(copy(op)) };
    }
    case 'invertWithDoc': {
      const op = randomOp(rnd, doc);
      return { kind, doc, op, result: type.invertWithDoc(copy(op), doc) };
    }
    case 'makeInvertible': {
      const op = randomOp(rnd, doc);
      return { kind, doc, op, result: type.makeInvertible(copy(op), doc) };
    }
    case 'stripInvertible': {
      const op = randomOp(rnd, doc);
      return { kind, doc, op, result: type.stripInvertible(copy(op)) };
    }
    case 'transformPosition': {
      const op = randomOp(rnd, doc);
      const positions = Array.from({ length: codePointLength(doc) + 1 }, (_, i) => i);
      return { kind, doc, op, positions, result: positions.map((p) => type.transformPosition(p, copy(op))) };
    }
    case 'transformSelection': {
      const op = randomOp(rnd, doc);
      const end = codePointLength(doc) + 1;
      const selections = Array.from({ length: 1 + rnd.int(4) }, () => {
        const anchor = rnd.int(end);
        return [anchor, rnd.chance(0.2) ? anchor : rnd.int(end)];
      });
      return { kind, doc, op, selections, result: selections.map((s) => type.transformSelection(s, copy(op))) };
    }
    default:
      throw Error(`unknown case kind ${kind}`);
  }
}

function main() {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, cases: { type: 'string' }, out: { type: 'string' } },
  });
  const seed = Number(values.seed);
  const cases = Number(values.cases);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw Error(`--seed must be an integer from 0 to ${0xffffffff}, was ${values.seed}`);
  }
  if (!Number.isInteger(cases) || cases < 1) {
    throw Error(`--cases must be a positive integer, was ${values.cases}`);
  }
  if (!values.out) throw Error('--out FILE is required');
  const version = require('ot-text-unicode/package.json').version;
  if (version !== PACKAGE_VERSION) {
    throw Error(`ot-text-unicode ${PACKAGE_VERSION} is required, found ${version}: run npm ci`);
  }

  const rnd = new Random(seed);
  const fd = fs.openSync(values.out, 'w');
  const counts = {};
  let lines = [];
  for (let i = 0; i < cases; i++) {
    const kind = rnd.weighted(KINDS);
    counts[kind] = (counts[kind] || 0) + 1;
    lines.push(JSON.stringify(makeCase(rnd, kind)));
    if (lines.length === 1000 || i === cases - 1) {
      fs.writeSync(fd, lines.join('\n') + '\n');
      lines = [];
    }
  }
  fs.closeSync(fd);
  console.log(`seed ${seed}: wrote ${cases} cases to ${values.out} ${JSON.stringify(counts)}`);
}

main();
