/**
 * The page around the text: the connection status with its countdown and unsent edits, the
 * people in the document, who is typing, and the chat. Each `show*` function wires one panel and
 * returns the function that unwires it.
 */

/** Refusals that retrying will not cure until someone acts (signs in again, is given access). */
const REFUSALS = {
  AUTH_REQUIRED: 'Sign-in required',
  AUTH_FAILED: 'Sign-in failed',
  TOKEN_EXPIRED: 'Sign-in expired',
  FORBIDDEN: 'Access denied',
};

const LABELS = {
  idle: 'Connecting…', connecting: 'Connecting…', online: 'Connected',
  offline: 'Offline', closed: 'Closed', reconnecting: 'Reconnecting…',
};

/**
 * What the connection box says: the status ("Reconnecting in 4 s" with a retry time), after the
 * server's refusal if the last error was one (`{ code, message }` of an `error` event, or null),
 * so that a page the server turns away says why instead of retrying in silence.
 */
export function connectionLine(status, retryAt, refusal, now) {
  const line = status === 'reconnecting' && retryAt !== null
    ? `Reconnecting in ${Math.max(0, Math.ceil((retryAt - now) / 1000))} s`
    : LABELS[status];
  return refusal ? `${REFUSALS[refusal.code]}: ${refusal.message} · ${line}` : line;
}

/** The error if it is a refusal connectionLine shows, else null. */
export function refusalOf(error) {
  return error && Object.hasOwn(REFUSALS, error.code) ? { code: error.code, message: error.message } : null;
}

/**
 * "Connected", "Reconnecting in 4 s", "Offline", with the number of unsent edits and a retry
 * button; a refusal (sign-in required or expired, access denied) stays in front of the status
 * until the document is live again.
 */
export function showConnection(client, doc, elements) {
  const { box, text, pending, retry } = elements;
  let ticker = null;
  let refusal = null;
  const render = () => {
    const { status, retryAt } = client.statusInfo;
    box.dataset.status = refusal ? 'refused' : status;
    text.textContent = connectionLine(status, retryAt, refusal, Date.now());
    retry.hidden = status !== 'reconnecting';
    const edits = doc.pendingEdits;
    // Edits are only "unsent" for long while the connection is down; online they are acked at once.
    pending.hidden = edits === 0 || status === 'online';
    pending.textContent = `${edits} unsent edit${edits === 1 ? '' : 's'}`;
    pending.dataset.count = String(edits);
    const counting = status === 'reconnecting';
    if (counting && ticker === null) {
      ticker = setInterval(render, 250);
    } else if (!counting && ticker !== null) {
      clearInterval(ticker);
      ticker = null;
    }
  };
  const onError = (error) => {
    const refused = refusalOf(error);
    if (refused) {
      refusal = refused;
      render();
    }
  };
  const onLive = () => {
    refusal = null;
    render();
  };
  const onRetry = () => client.retryNow();
  retry.addEventListener('click', onRetry);
  const unsubscribe = [client.on('status', render), doc.on('pending', render), doc.on('synced', render),
    client.on('error', onError), doc.on('error', onError), doc.on('live', onLive)];
  render();
  return () => {
    unsubscribe.forEach((off) => off());
    retry.removeEventListener('click', onRetry);
    clearInterval(ticker);
  };
}

/** The people list (this user first) and the "is typing" line. */
export function showPeople(doc, self, list, typingLine, onPeople) {
  const render = () => {
    const typing = new Set(doc.typing);
    const others = doc.presence.sort((a, b) => a.name.localeCompare(b.name));
    list.replaceChildren(person({ ...self, status: self.status() }, true, false),
      ...others.map((p) => person(p, false, typing.has(p.clientId))));
    const names = others.filter((p) => typing.has(p.clientId)).map((p) => p.name);
    typingLine.textContent = names.length === 0 ? ''
      : names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
    onPeople(others);
  };
  const unsubscribe = ['presence', 'typing', 'live', 'change', 'load'].map((event) => doc.on(event, render));
  render();
  return { render, stop: () => unsubscribe.forEach((off) => off()) };
}

function person(p, isSelf, typing) {
  const li = document.createElement('li');
  li.dataset.clientId = p.clientId;
  li.dataset.status = p.status;
  li.dataset.typing = String(typing);
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = p.color;
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = isSelf ? `${p.name} (you)` : p.name;
  const state = document.createElement('span');
  state.className = 'state';
  state.textContent = p.status;
  li.append(swatch, name, state);
  return li;
}

/** The chat history and the form that sends a message. */
export function showChat(doc, log, form, input) {
  const render = () => {
    log.replaceChildren(...doc.chatHistory.map(message));
    log.scrollTop = log.scrollHeight;
  };
  const onSubmit = (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text !== '' && doc.chat(text)) {
      input.value = '';
    }
  };
  form.addEventListener('submit', onSubmit);
  const unsubscribe = [doc.on('chat', render), doc.on('live', render)];
  render();
  return () => {
    unsubscribe.forEach((off) => off());
    form.removeEventListener('submit', onSubmit);
  };
}

function message(m) {
  const li = document.createElement('li');
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = m.name;
  const time = document.createElement('time');
  const at = new Date(m.time);
  time.dateTime = at.toISOString();
  time.textContent = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = m.text;
  li.append(time, who, text);
  return li;
}
