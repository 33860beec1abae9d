// ShareDB as the peer of Weft's server in docs/benchmarks.md ("Server"): its in-memory database,
// ot-text-unicode registered as the type, one WebSocket per client over `ws`.
// usage: node server.js [port]   (0, the default, picks a free port); prints "listening PORT".
'use strict';
const http = require('http');
const ShareDB = require('sharedb');
const WebSocket = require('ws');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');

ShareDB.types.register(require('ot-text-unicode').type);
const backend = new ShareDB(); // ShareDB.MemoryDB, no pub/sub adapter beyond its in-process one

const server = http.createServer();
new WebSocket.Server({ server }).on('connection', (socket) => {
  socket.on('error', () => {}); // a client that goes away mid-frame must not stop the server
  backend.listen(new WebSocketJSONStream(socket));
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
