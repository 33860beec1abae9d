// The collaborative editor page, served by `weft serve` at /d/<doc>. Query parameters:
// ?name=Ada sets (and remembers) this browser's display name; ?away=SECONDS the idle time before
// this user shows as away (default 180).
import { claimClientId, WeftClient } from '../weft-client.js';
import { createCursorOverlay } from './cursors.js';
import { watchIdle } from './idle.js';
import { showChat, showConnection, showPeople } from './panels.js';
import { bindTextarea } from './textarea-binding.js';

const PALETTE = ['#e8590c', '#1971c2', '#2f9e44', '#9c36b5', '#c2255c', '#0c8599', '#f08c00', '#5f3dc4'];
const DEFAULT_AWAY_SECONDS = 180;

const $ = (id) => document.getElementById(id);

function documentId() {
  const match = /^\/d\/([^/]+)$/.exec(location.pathname);
  return match ? decodeURIComponent(match[1]) : 'notes';
}

/** This browser's name and colour: ?name= sets the name; both are remembered in localStorage. */
function chooseUser(params) {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem('weft.user') ?? '{}') ?? {};
  } catch {
    saved = {};
  }
  const name = (params.get('name') ?? saved.name ?? `Guest ${Math.floor(100 + Math.random() * 900)}`).slice(0, 64);
  const color = saved.color ?? PALETTE[Math.floor(Math.random() * PALETTE.length)];
  localStorage.setItem('weft.user', JSON.stringify({ name, color }));
  return { name, color };
}

async function main() {
  const params = new URLSearchParams(location.search);
  const docId = documentId();
  const awaySeconds = Number(params.get('away') ?? DEFAULT_AWAY_SECONDS);
  const awayMs = (Number.isFinite(awaySeconds) && awaySeconds > 0 ? awaySeconds : DEFAULT_AWAY_SECONDS) * 1000;
  const user = chooseUser(params);
  document.title = `${docId} · Weft`;
  $('doc-name').textContent = docId;

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch((error) => console.warn('weft: no offline reloads:', error));
  }

  const { clientId } = await claimClientId();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const client = new WeftClient({ url, clientId, user });
  client.on('error', (error) => console.warn('weft:', error.code, error.message));
  const doc = client.open(docId);
  doc.on('error', (error) => console.warn(`weft ${docId}:`, error.code, error.message));
  showConnection(client, doc, { box: $('connection'), text: $('status-text'), pending: $('pending'), retry: $('retry') });
  client.connect();
  await doc.ready;

  const textarea = $('text');
  const overlay = createCursorOverlay(textarea, $('mirror'), $('mirror-content'));
  let status = 'online';
  const people = showPeople(doc, { clientId, name: user.name, color: user.color, status: () => status },
    $('people'), $('typing'), (others) => overlay.update(others));
  bindTextarea(textarea, doc);
  doc.on('change', () => overlay.render());
  textarea.addEventListener('input', () => overlay.render());
  showChat(doc, $('chat-log'), $('chat-form'), $('chat-input'));
  watchIdle(doc, awayMs, (next) => {
    status = next;
    people.render();
  });

  const undo = $('undo');
  const redo = $('redo');
  const refreshHistory = () => {
    undo.disabled = !doc.canUndo;
    redo.disabled = !doc.canRedo;
  };
  undo.addEventListener('click', () => {
    doc.undo();
    textarea.focus();
  });
  redo.addEventListener('click', () => {
    doc.redo();
    textarea.focus();
  });
  ['change', 'pending'].forEach((event) => doc.on(event, refreshHistory));
  refreshHistory();
  textarea.focus();

  // A handle for people poking at the page from the console, and for the browser tests.
  window.weft = { client, doc };
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  console.error('weft: the editor failed to start', error);
  $('status-text').textContent = `Error: ${error.message}`;
});
