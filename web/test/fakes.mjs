// Test doubles for the library: timers run by hand, a scripted WebSocket, a network switch, and
// a small in-memory server that speaks enough of protocol v1 to show convergence.
import { type } from 'ot-text-unicode';

/** Timers that run only when advance() says so; pending() shows what close() left behind. */
export class ManualTimers {
  #now = 1_000_000;
  #next = 1;
  #tasks = new Map();

  now = () => this.#now;

  setTimeout = (fn, ms) => {
    const id = this.#next++;
    this.#tasks.set(id, { at: this.#now + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (id) => {
    this.#tasks.delete(id);
  };

  /** Runs every task due within `ms`, in time order, moving the clock as it goes. */
  advance(ms) {
    const end = this.#now + ms;
    for (;;) {
      let due = null;
      for (const [id, task] of this.#tasks) {
        if (task.at <= end && (due === null || task.at < due[1].at || (task.at === due[1].at && id < due[0]))) {
          due = [id, task];
        }
      }
      if (due === null) {
        break;
      }
      this.#tasks.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].fn();
    }
    this.#now = end;
  }

  pending() {
    return this.#tasks.size;
  }

  /** The delay until the next task, or null. */
  nextDelay() {
    let min = null;
    for (const task of this.#tasks.values()) {
      min = min === null ? task.at - this.#now : Math.min(min, task.at - this.#now);
    }
    return min;
  }
}

/** A network switch with the browser's shape: isOnline() and subscribe(). */
export class FakeNetwork {
  online = true;
  listeners = new Set();

  isOnline = () => this.online;

  subscribe = (listener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(online) {
    this.online = online;
    for (const listener of [...this.listeners]) {
      listener(online);
    }
  }
}

/**
 * WebSocket constructors whose sockets a test drives by hand: `sockets` lists every socket made;
 * each records what the client sent (`sent`, parsed) and can be opened, fed and closed.
 */
export class FakeSockets {
  sockets = [];

  /** @param onCreate called with each new socket (a test attaches it to a MemoryServer there) */
  constructor(onCreate = () => {}) {
    this.onCreate = onCreate;
  }

  get WebSocket() {
    const registry = this;
    return class FakeSocket {
      constructor(url) {
        this.url = url;
        this.readyState = 0;
        this.sent = [];
        this.closedByClient = false;
        registry.sockets.push(this);
        registry.onCreate(this);
      }

      send(data) {
        if (this.readyState !== 1) {
          throw new Error('send on a socket that is not open');
        }
        this.sent.push(JSON.parse(data));
      }

      close() {
        this.closedByClient = true;
        this.readyState = 3;
      }

      // ---- the test's side ----
      accept() {
        this.readyState = 1;
        this.onopen?.({});
      }

      deliver(message) {
        this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
      }

      drop(code = 1006) {
        this.readyState = 3;
        this.onclose?.({ code, reason: '' });
      }

      ofType(kind) {
        return this.sent.filter((m) => m.type === kind);
      }
    };
  }

  get last() {
    return this.sockets.at(-1);
  }
}

/**
 * A server for one or more documents that keeps the protocol's promises that matter for
 * convergence: ops transformed over everything committed since their base (submitted op `left`),
 * (clientId, seq) recognized on resubmission, acks and broadcasts in version order, catch-up.
 * Messages are delivered through `deliver`, so a test decides when (and whether) they arrive.
 */
export class MemoryServer {
  docs = new Map();
  connections = new Set();

  doc(id) {
    if (!this.docs.has(id)) {
      this.docs.set(id, { text: '', ops: [], seqs: new Map() });
    }
    return this.docs.get(id);
  }

  /** Attaches a FakeSocket: the server answers what it receives through `queue`. */
  attach(socket, queue) {
    const connection = { socket, clientId: null, open: new Set(), queue };
    this.connections.add(connection);
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      send(data);
      this.#receive(connection, JSON.parse(data));
    };
    socket.close = () => {
      socket.closedByClient = true;
      socket.readyState = 3;
      this.connections.delete(connection);
    };
    return connection;
  }

  detach(connection) {
    this.connections.delete(connection);
  }

  #to(connection, message) {
    connection.queue.push(() => {
      if (connection.socket.readyState === 1) {
        connection.socket.deliver(message);
      }
    });
  }

  #receive(connection, message) {
    switch (message.type) {
      case 'hello':
        connection.clientId = message.clientId;
        this.#to(connection, { type: 'welcome', protocol: 1, clientId: message.clientId, heartbeatMs: 15000,
          limits: { maxMessageBytes: 1 << 20 } });
        break;
      case 'ping':
        this.#to(connection, { type: 'pong', t: message.t });
        break;
      case 'open': {
        const doc = this.doc(message.doc);
        connection.open.add(message.doc);
        if (message.version === undefined) {
          this.#to(connection, { type: 'snapshot', doc: message.doc, v: doc.ops.length, text: doc.text, presence: [], chat: [] });
        } else {
          const ops = doc.ops.slice(message.version).map((entry, i) => ({ v: message.version + i + 1, ...entry }));
          this.#to(connection, { type: 'catchup', doc: message.doc, v: message.version, ops, presence: [], chat: [] });
        }
        break;
      }
      case 'close':
        connection.open.delete(message.doc);
        break;
      case 'submit':
        this.#submit(connection, message);
        break;
      default:
        break;
    }
  }

  #submit(connection, { doc: id, v, seq, op }) {
    const doc = this.doc(id);
    const key = `${connection.clientId}/${seq}`;
    if (doc.seqs.has(key)) {
      this.#to(connection, { type: 'ack', doc: id, seq, v: doc.seqs.get(key), duplicate: true });
      return;
    }
    let moved = op;
    for (const entry of doc.ops.slice(v)) {
      moved = type.transform(moved, entry.op, 'left');
    }
    doc.text = type.apply(doc.text, moved);
    doc.ops.push({ op: moved, clientId: connection.clientId, seq });
    const version = doc.ops.length;
    doc.seqs.set(key, version);
    this.#to(connection, { type: 'ack', doc: id, seq, v: version });
    for (const other of this.connections) {
      if (other !== connection && other.open.has(id)) {
        this.#to(other, { type: 'op', doc: id, v: version, op: moved, clientId: connection.clientId, seq });
      }
    }
  }
}
