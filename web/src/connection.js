import { ReconnectPolicy } from './backoff.js';
import { systemTimers } from './timers.js';

/** The connection's states, as `status` events report them. */
export const Status = Object.freeze({
  /** connect() was not called yet. */
  IDLE: 'idle',
  /** The WebSocket is opening, or waits for `welcome`. */
  CONNECTING: 'connecting',
  /** `welcome` arrived: documents are open and edits flow. */
  ONLINE: 'online',
  /** The connection dropped; the next attempt is at `retryAt`. */
  RECONNECTING: 'reconnecting',
  /** The browser says the network is gone; the next attempt is when it is back. */
  OFFLINE: 'offline',
  /** close() was called. */
  CLOSED: 'closed',
});

/**
 * The WebSocket of protocol v1 and its life: `hello` and `welcome`, `ping`s that must be
 * answered by `pong` within `pongTimeoutMs` (a dead connection otherwise), and reconnects with
 * exponential backoff and jitter. It tells its owner through callbacks:
 *
 * - `onWelcome(welcome)`: online (after every reconnect);
 * - `onDrop()`: the connection that was online is gone;
 * - `onMessage(message)`: every other message from the server, while online;
 * - `onStatus(info)`: {status, retryAt, attempt, reason} on every change.
 *
 * The browser's `online`/`offline` events (through `network`) end and resume attempts at once:
 * an offline browser does not burn through the backoff schedule.
 */
export class Connection {
  #options;
  #timers;
  #policy;
  #socket = null;
  #status = Status.IDLE;
  #attempt = 0;
  #retryAt = null;
  #reason = null;
  #welcome = null;
  #retryTimer = null;
  #welcomeTimer = null;
  #pingTimer = null;
  #pongTimer = null;
  #unsubscribeNetwork = null;

  constructor(options) {
    if (typeof options.url !== 'string' || !/^wss?:\/\//.test(options.url)) {
      throw new TypeError(`url must be a ws:// or wss:// URL, was ${options.url}`);
    }
    this.#options = {
      pingIntervalMs: 15_000,
      pongTimeoutMs: 10_000,
      connectTimeoutMs: 10_000,
      random: Math.random,
      WebSocket: globalThis.WebSocket,
      network: browserNetwork(),
      ...options,
    };
    this.#timers = options.timers ?? systemTimers;
    this.#policy = options.reconnect instanceof ReconnectPolicy ? options.reconnect : new ReconnectPolicy(options.reconnect);
    if (typeof this.#options.WebSocket !== 'function') {
      throw new TypeError('no WebSocket implementation: pass one as the WebSocket option');
    }
  }

  get status() {
    return this.#status;
  }

  /** The `welcome` of the current connection (limits, heartbeat), or null while not online. */
  get welcome() {
    return this.#status === Status.ONLINE ? this.#welcome : null;
  }

  /** {status, retryAt, attempt, reason}: retryAt is the time (ms) of the next attempt while reconnecting. */
  get info() {
    return { status: this.#status, retryAt: this.#retryAt, attempt: this.#attempt, reason: this.#reason };
  }

  start() {
    if (this.#status === Status.CLOSED) {
      throw new Error('the connection was closed; create a new client');
    }
    if (this.#status !== Status.IDLE) {
      return;
    }
    this.#unsubscribeNetwork = this.#options.network.subscribe((online) => this.#networkChanged(online));
    if (this.#options.network.isOnline()) {
      this.#open();
    } else {
      this.#setStatus(Status.OFFLINE, 'the browser is offline');
    }
  }

  /** Sends a message if online; returns whether it went out. */
  send(message) {
    if (this.#status !== Status.ONLINE || this.#socket?.readyState !== 1) {
      return false;
    }
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** Skips the rest of the backoff delay and tries now. */
  retryNow() {
    if (this.#status === Status.RECONNECTING || (this.#status === Status.OFFLINE && this.#options.network.isOnline())) {
      this.#clearRetry();
      this.#open();
    }
  }

  /** Ends the connection for good: no timers, listeners or socket remain. */
  close() {
    if (this.#status === Status.CLOSED) {
      return;
    }
    const wasOnline = this.#status === Status.ONLINE;
    this.#unsubscribeNetwork?.();
    this.#unsubscribeNetwork = null;
    this.#clearRetry();
    this.#closeSocket();
    this.#setStatus(Status.CLOSED, 'closed');
    if (wasOnline) {
      this.#options.onDrop?.();
    }
  }

  #open() {
    const { url, WebSocket } = this.#options;
    this.#setStatus(Status.CONNECTING, null);
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      this.#drop(`cannot open ${url}: ${error.message}`);
      return;
    }
    this.#socket = socket;
    socket.onopen = () => this.#sendRaw(this.#hello());
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onerror = () => this.#drop('the connection failed');
    socket.onclose = (event) => this.#drop(`the connection closed (${event.code}${event.reason ? ' ' + event.reason : ''})`);
    this.#welcomeTimer = this.#timers.setTimeout(
      () => this.#drop(`no welcome within ${this.#options.connectTimeoutMs} ms`), this.#options.connectTimeoutMs);
  }

  #hello() {
    const { clientId, user, token } = this.#options;
    const hello = { type: 'hello', protocol: 1, clientId };
    if (user) {
      hello.user = user;
    }
    if (token !== undefined && token !== null) {
      hello.token = token;
    }
    return hello;
  }

  #receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      this.#drop('the server sent a frame that is not JSON');
      return;
    }
    if (message === null || typeof message !== 'object') {
      this.#drop('the server sent a frame that is not a JSON object');
      return;
    }
    if (message.type === 'welcome') {
      this.#timers.clearTimeout(this.#welcomeTimer);
      this.#welcomeTimer = null;
      this.#welcome = message;
      this.#attempt = 0;
      this.#setStatus(Status.ONLINE, null);
      this.#schedulePing();
      this.#options.onWelcome?.(message);
    } else if (message.type === 'pong') {
      this.#timers.clearTimeout(this.#pongTimer);
      this.#pongTimer = null;
      this.#schedulePing();
    } else {
      // Errors before welcome (a refused hello) are passed on too: the owner reports them.
      this.#options.onMessage?.(message);
    }
  }

  #schedulePing() {
    this.#timers.clearTimeout(this.#pingTimer);
    this.#pingTimer = this.#timers.setTimeout(() => {
      this.#pingTimer = null;
      this.#sendRaw({ type: 'ping', t: this.#timers.now() });
      this.#pongTimer = this.#timers.setTimeout(
        () => this.#drop(`no pong within ${this.#options.pongTimeoutMs} ms`), this.#options.pongTimeoutMs);
    }, this.#options.pingIntervalMs);
  }

  #sendRaw(message) {
    if (this.#socket?.readyState === 1) {
      this.#socket.send(JSON.stringify(message));
    }
  }

  /** The connection is unusable: forget it, tell the owner, and plan the next attempt. */
  #drop(reason) {
    if (this.#status !== Status.CONNECTING && this.#status !== Status.ONLINE) {
      return;
    }
    const wasOnline = this.#status === Status.ONLINE;
    this.#closeSocket();
    if (this.#options.network.isOnline()) {
      const delay = this.#policy.delay(Math.min(this.#attempt, 1000), this.#options.random);
      this.#attempt++;
      this.#retryAt = this.#timers.now() + delay;
      this.#retryTimer = this.#timers.setTimeout(() => {
        this.#retryTimer = null;
        this.#open();
      }, delay);
      this.#setStatus(Status.RECONNECTING, reason);
    } else {
      this.#setStatus(Status.OFFLINE, 'the browser is offline');
    }
    if (wasOnline) {
      this.#options.onDrop?.();
    }
  }

  #networkChanged(online) {
    if (!online) {
      if (this.#status === Status.CONNECTING || this.#status === Status.ONLINE) {
        this.#drop('the browser went offline');
      } else if (this.#status === Status.RECONNECTING) {
        this.#clearRetry();
        this.#setStatus(Status.OFFLINE, 'the browser is offline');
      }
    } else if (this.#status === Status.OFFLINE || this.#status === Status.RECONNECTING) {
      this.#attempt = 0;
      this.#clearRetry();
      this.#open();
    }
  }

  #closeSocket() {
    for (const timer of [this.#welcomeTimer, this.#pingTimer, this.#pongTimer]) {
      this.#timers.clearTimeout(timer);
    }
    this.#welcomeTimer = this.#pingTimer = this.#pongTimer = null;
    const socket = this.#socket;
    this.#socket = null;
    this.#welcome = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      try {
        socket.close(1000);
      } catch {
        // Closing a socket that is still connecting may throw in some implementations; it is dropped anyway.
      }
    }
  }

  #clearRetry() {
    this.#timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#retryAt = null;
  }

  #setStatus(status, reason) {
    if (status !== Status.RECONNECTING) {
      this.#retryAt = null;
    }
    this.#status = status;
    this.#reason = reason;
    this.#options.onStatus?.(this.info);
  }
}

/**
 * The browser's view of the network (navigator.onLine and the window's online/offline events);
 * outside a browser, always online.
 */
export function browserNetwork(target = globalThis) {
  const hasEvents = typeof target.addEventListener === 'function' && target.navigator && 'onLine' in target.navigator;
  return {
    isOnline: () => (hasEvents ? target.navigator.onLine !== false : true),
    subscribe(listener) {
      if (!hasEvents) {
        return () => {};
      }
      const online = () => listener(true);
      const offline = () => listener(false);
      target.addEventListener('online', online);
      target.addEventListener('offline', offline);
      return () => {
        target.removeEventListener('online', online);
        target.removeEventListener('offline', offline);
      };
    },
  };
}
