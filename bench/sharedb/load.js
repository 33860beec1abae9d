// The same workload shape as `weft load --max-rate` against ShareDB: N clients (one WebSocket and
// one ShareDB Connection each) share M new text-unicode documents round-robin; each types its next
// edit the moment the previous one is acked (a random-position insert of a unique token, or, once
// the document has 64 code points, a 1-3 code point delete one time in four). At the end it waits
// for every ack, checks that the clients of each document hold the same text at the same version,
// and prints one JSON line with the same fields as `weft load --json`. With WARMUP (seconds, as
// `weft load --warmup`), the clients type that long first, and only what follows is counted.
// usage: node load.js PORT CLIENTS DOCUMENTS SECONDS [WARMUP]
'use strict';
const WebSocket = require('ws');
const ShareDB = require('sharedb/lib/client');
const { type } = require('ot-text-unicode');
const edits = require('./edits');

ShareDB.types.register(type);
const [port, clients, documents, seconds, warmup = 0] = process.argv.slice(2).map(Number);
if (!(port > 0 && clients > 0 && documents > 0 && documents <= clients && seconds > 0 && warmup >= 0)) {
  console.error('usage: node load.js PORT CLIENTS DOCUMENTS SECONDS [WARMUP] (1 <= DOCUMENTS <= CLIENTS)');
  process.exit(2);
}
const prefix = `load-${Math.floor(Math.random() * 2 ** 32).toString(16)}-`;
const ackMicros = [];

function connect() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    socket.on('open', () => resolve(new ShareDB.Connection(socket)));
    socket.on('error', reject);
  });
}

function call(doc, method, ...args) {
  return new Promise((resolve, reject) => doc[method](...args, (e) => (e ? reject(e) : resolve())));
}

async function open(index) {
  const connection = await connect();
  const doc = connection.get('bench', prefix + (index % documents));
  await call(doc, 'subscribe');
  if (!doc.type) {
    await call(doc, 'create', '', type.uri);
  }
  return { index, doc, random: edits.random(index + 1), typed: 0, running: false, inFlight: null };
}

function typeNext(client) {
  if (!client.running) {
    return;
  }
  const op = edits.next(client.doc.data, client);
  const typedAt = process.hrtime.bigint();
  client.inFlight = new Promise((resolve, reject) => {
    client.doc.submitOp(op, (e) => {
      if (e) {
        reject(e);
        return;
      }
      ackMicros.push(Number(process.hrtime.bigint() - typedAt) / 1000);
      resolve();
      typeNext(client);
    });
  });
}

async function main() {
  const users = [];
  // Creators first, so that no two clients race to create one document.
  for (let i = 0; i < clients; i++) {
    if (i < documents) users.push(await open(i));
  }
  for (let i = documents; i < clients; i++) users.push(await open(i));
  const top = (d) => Math.max(...users.filter((u) => u.index % documents === d).map((u) => u.doc.version));
  users.forEach((u) => { u.running = true; typeNext(u); });
  await new Promise((r) => setTimeout(r, warmup * 1000));
  const opened = [...Array(documents).keys()].map(top);
  ackMicros.length = 0;
  const start = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  users.forEach((u) => { u.running = false; });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  await Promise.all(users.map((u) => u.inFlight));

  // Every client of a document must reach the highest version any of them saw, with the same text.
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && users.some((u) => u.doc.version < top(u.index % documents))) {
    await new Promise((r) => setTimeout(r, 20));
  }
  let committed = 0;
  let converged = true;
  for (let d = 0; d < documents; d++) {
    const readers = users.filter((u) => u.index % documents === d);
    committed += top(d) - opened[d];
    converged = converged && readers.every((u) => u.doc.version === top(d) && u.doc.data === readers[0].doc.data);
  }
  console.log(JSON.stringify({
    peer: 'sharedb', clients, documents, offeredRate: null, seconds: elapsed, warmupSeconds: warmup,
    edits: ackMicros.length, editsPerSecond: ackMicros.length / elapsed,
    committed, committedPerSecond: committed / elapsed,
    ackMs: edits.percentiles(ackMicros), converged,
  }));
  process.exit(converged ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
