/**
 * The page around the text: the connection status with its countdown and unsent edits, the
 * people in the document, who is typing, and the chat. Each `show*` function wires one panel and
 * returns the function that unwires it.
 */

/** "Connected", "Reconnecting in 4 s", "Offline", with the number of unsent edits and a retry button. */
export function showConnection(client, doc, elements) {
  const { box, text, pending, retry } = elements;
  let ticker = null;
  const render = () => {
    const { status, retryAt } = client.statusInfo;
    box.dataset.status = status;
    if (status === 'reconnecting' && retryAt !== null) {
      const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
      text.textContent = `Reconnecting in ${seconds} s`;
    } else {
      text.textContent = {
        idle: 'Connecting…', connecting: 'Connecting…', online: 'Connected',
        offline: 'Offline', closed: 'Closed', reconnecting: 'Reconnecting…',
      }[status];
    }
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
  const onRetry = () => client.retryNow();
  retry.addEventListener('click', onRetry);
  const unsubscribe = [client.on('status', render), doc.on('pending', render), doc.on('synced', render)];
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
