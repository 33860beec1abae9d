// ot-text-unicode under node on the transform pairs that Weft's TransformBenchmark uses, for the
// comparison in docs/benchmarks.md. Write the pairs with
//   java -cp bench/target/benchmarks.jar dev.weft.bench.TransformPairs single-edit pairs.jsonl
// then run: node transform.js pairs.jsonl [warmupRounds] [measuredRounds]
// Like the JMH benchmark: one transform per step, cycling through the pool, the side alternating
// (left for even pair indices, right for odd), rounds of one second, median of the rounds.
'use strict';
const fs = require('fs');
const { type } = require('ot-text-unicode');

const [file, warmupArg, roundsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node transform.js PAIRS.jsonl [warmupRounds] [measuredRounds]');
  process.exit(2);
}
const warmupRounds = Number(warmupArg ?? 3);
const measuredRounds = Number(roundsArg ?? 5);
const pairs = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
const left = pairs.map((p) => p[0]);
const right = pairs.map((p) => p[1]);
const sides = pairs.map((_, i) => (i % 2 === 0 ? 'left' : 'right'));
const mask = pairs.length - 1;
if ((pairs.length & mask) !== 0) throw new Error(`pool size ${pairs.length} is not a power of two`);

// The pairs must converge here too (TP1), or the timings compare different work.
const doc = 'abcdefghij'.repeat(100);
for (let i = 0; i < pairs.length; i++) {
  const viaA = type.apply(type.apply(doc, left[i]), type.transform(right[i], left[i], 'right'));
  const viaB = type.apply(type.apply(doc, right[i]), type.transform(left[i], right[i], 'left'));
  if (viaA !== viaB) throw new Error(`pair ${i} does not converge`);
}

let sink = 0;
function round() {
  const deadline = process.hrtime.bigint() + 1_000_000_000n;
  const start = process.hrtime.bigint();
  let ops = 0;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 1024; k++) {
      const i = (ops + k) & mask;
      sink += type.transform(left[i], right[i], sides[i]).length;
    }
    ops += 1024;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

for (let r = 0; r < warmupRounds; r++) round();
const scores = [];
for (let r = 0; r < measuredRounds; r++) scores.push(round());
scores.sort((a, b) => a - b);
const median = scores[Math.floor(scores.length / 2)];
console.log(JSON.stringify({
  file, pairs: pairs.length, node: process.version, rounds: measuredRounds,
  medianOpsPerSecond: Math.round(median),
  minOpsPerSecond: Math.round(scores[0]), maxOpsPerSecond: Math.round(scores[scores.length - 1]),
  sink: sink > 0,
}));
