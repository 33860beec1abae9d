// The edits of load.js, in the shape of Weft's LoadClient, and the percentiles it reports.
'use strict';

const MIN_LENGTH_FOR_DELETES = 64;

/** A small seeded generator (mulberry32), so that a run can be repeated edit for edit. */
function random(seed) {
  let state = seed >>> 0;
  return (bound) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

/**
 * The next ot-text-unicode op of `client` ({index, random, typed}) on `text`: one time in four,
 * once the text has MIN_LENGTH_FOR_DELETES code points, a delete of 1 to 3 code points; otherwise
 * the insert of a unique token such as "[c3.17]" at a random position. Positions count code points.
 */
function next(text, client) {
  const length = [...text].length;
  if (length >= MIN_LENGTH_FOR_DELETES && client.random(4) === 0) {
    const count = 1 + client.random(3);
    const at = client.random(length - count + 1);
    return at === 0 ? [{ d: count }] : [at, { d: count }];
  }
  client.typed += 1;
  const at = client.random(length + 1);
  const token = `[c${client.index}.${client.typed}]`;
  return at === 0 ? [token] : [at, token];
}

/** {count, p50, p90, p95, p99, p99_9, max} in milliseconds of latencies in microseconds (nearest rank). */
function percentiles(micros) {
  const sorted = Float64Array.from(micros).sort();
  const result = { count: sorted.length };
  if (sorted.length === 0) return result;
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p * sorted.length) / 100 - 1e-9) - 1))] / 1000;
  Object.assign(result, { p50: at(50), p90: at(90), p95: at(95), p99: at(99), p99_9: at(99.9) });
  result.max = sorted[sorted.length - 1] / 1000;
  return result;
}

module.exports = { random, next, percentiles };
