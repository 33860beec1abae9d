// Real-browser tests of the editor page: Debian's Chromium driven by playwright-core against a
// running Weft server. Usage: node test/browser.mjs http://127.0.0.1:PORT
// Every wait is bounded; the whole run stops itself after RUN_LIMIT_MS. Exits 0 only if every
// scenario passed; prints "N passed, N failed" last.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chromiumMissing, launch, openEditor, seed, serverText, text, typeAt, waitAllText, waitConnected,
  waitOfflineReady, WAIT_MS,
} from './browser-kit.mjs';

const RUN_LIMIT_MS = 240_000;
const base = (process.argv[2] ?? '').replace(/\/$/, '');
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
  console.error('usage: node test/browser.mjs http://127.0.0.1:PORT (a running weft server on loopback)');
  process.exit(2);
}
const missing = chromiumMissing();
if (missing) {
  console.error(missing);
  process.exit(3);
}
const limit = setTimeout(() => {
  console.error(`browser tests: still running after ${RUN_LIMIT_MS} ms; stopping`);
  process.exit(1);
}, RUN_LIMIT_MS);
limit.unref();

const run = randomBytes(4).toString('hex');
const docName = (n) => `bt-${run}-${n}`;
const browser = await launch();
const results = [];

/** Runs one scenario in fresh contexts (separate profiles: storage, service workers, network). */
async function scenario(name, body) {
  const contexts = [];
  const errors = [];
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    contexts.push(context);
    return context;
  };
  const started = Date.now();
  try {
    await body({ newContext, errors, doc: docName(results.length + 1) });
    assert.deepEqual(errors, [], 'the pages threw');
    results.push(true);
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push(false);
    console.log(`not ok - ${name}\n  ${String(error.stack ?? error).split('\n').join('\n  ')}`);
  } finally {
    await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  }
}

await scenario('two contexts edit at once and converge', async ({ newContext, errors, doc }) => {
  await seed(base, doc, 'middle\n');
  const ada = await openEditor(await newContext(), base, doc, 'Ada', { errors });
  const bob = await openEditor(await newContext(), base, doc, 'Bob', { errors });
  await waitAllText([ada, bob], 'middle\n');
  await Promise.all([typeAt(ada, 'end', 'alpha one two three'), typeAt(bob, 'start', 'bravo four five six ')]);
  const expected = 'bravo four five six middle\nalpha one two three';
  await waitAllText([ada, bob], expected);
  assert.equal(await serverText(base, doc), expected);
});

await scenario('offline edits survive a reload and converge once', async ({ newContext, errors, doc }) => {
  await seed(base, doc, 'base\n');
  const adaContext = await newContext();
  let ada = await openEditor(adaContext, base, doc, 'Ada', { errors });
  const bob = await openEditor(await newContext(), base, doc, 'Bob', { errors });
  await waitOfflineReady(ada);
  await waitAllText([ada, bob], 'base\n');

  await adaContext.setOffline(true);
  await ada.waitForFunction(() => document.getElementById('connection').dataset.status === 'offline', null, { timeout: WAIT_MS });
  await typeAt(ada, 'end', 'offline one');
  await typeAt(bob, 'start', 'online ');
  await ada.waitForFunction(() => Number(document.getElementById('pending').dataset.count) > 0
    && !document.getElementById('pending').hidden, null, { timeout: WAIT_MS });

  // Reload while offline: the service worker serves the page, the offline queue the edits.
  await ada.reload({ timeout: WAIT_MS });
  await ada.waitForFunction(() => document.getElementById('text').value === 'base\noffline one', null, { timeout: WAIT_MS })
    .catch(async () => {
      throw new Error(`after an offline reload the page shows ${JSON.stringify(await text(ada))}`);
    });
  assert.equal(await ada.$eval('#connection', (c) => c.dataset.status), 'offline');
  await ada.waitForFunction(() => !document.getElementById('text').disabled, null, { timeout: WAIT_MS });
  await typeAt(ada, 'end', ' two');

  await adaContext.setOffline(false);
  await waitConnected(ada);
  const expected = 'online base\noffline one two';
  await waitAllText([ada, bob], expected);
  assert.equal(await serverText(base, doc), expected);
  ada = null;
});

await scenario('presence, cursors, selections, typing and chat reach the other context', async ({ newContext, errors, doc }) => {
  await seed(base, doc, 'The quick brown fox jumps over the lazy dog.\n');
  const ada = await openEditor(await newContext(), base, doc, 'Ada', { errors });
  const bob = await openEditor(await newContext(), base, doc, 'Bob', { away: 2, errors });
  const bobId = await bob.evaluate(() => window.weft.client.clientId);

  const bobInList = `#people li[data-client-id="${bobId}"]`;
  await ada.waitForSelector(`${bobInList}[data-status="online"]`, { timeout: WAIT_MS });
  assert.match(await ada.$eval(bobInList, (li) => li.textContent), /Bob/);

  // Bob selects "quick": Ada sees his caret, named, and his selection in his colour.
  await bob.focus('#text');
  await bob.$eval('#text', (t) => t.setSelectionRange(4, 9));
  await ada.waitForSelector(`.remote-caret[data-client-id="${bobId}"]`, { timeout: WAIT_MS });
  assert.equal(await ada.$eval(`.remote-caret[data-client-id="${bobId}"] .label`, (l) => l.textContent), 'Bob');
  await ada.waitForFunction(() => [...document.querySelectorAll('.remote-selection')].map((s) => s.textContent).join('') === 'quick',
    null, { timeout: WAIT_MS });

  // Bob types: Ada sees that he is typing, then the text.
  await bob.keyboard.type('slow', { delay: 30 });
  await ada.waitForFunction(() => document.getElementById('typing').textContent.includes('Bob is typing'), null, { timeout: WAIT_MS });
  await waitAllText([ada, bob], 'The slow brown fox jumps over the lazy dog.\n');

  // Chat both ways, and the history for a late joiner.
  await ada.fill('#chat-input', 'hello Bob');
  await ada.press('#chat-input', 'Enter');
  await bob.waitForFunction(() => document.getElementById('chat-log').textContent.includes('hello Bob'), null, { timeout: WAIT_MS });
  const carol = await openEditor(await newContext(), base, doc, 'Carol', { errors });
  await carol.waitForFunction(() => document.getElementById('chat-log').textContent.includes('hello Bob'), null, { timeout: WAIT_MS });

  // Bob stops touching his page: after ?away=2 seconds Ada sees him away, and online again when he types.
  await ada.waitForSelector(`${bobInList}[data-status="away"]`, { timeout: WAIT_MS });
  await bob.keyboard.type('!');
  await ada.waitForSelector(`${bobInList}[data-status="online"]`, { timeout: WAIT_MS });
});

await scenario('undo takes back only the own edits', async ({ newContext, errors, doc }) => {
  await seed(base, doc, 'shared\n');
  const ada = await openEditor(await newContext(), base, doc, 'Ada', { errors });
  const bob = await openEditor(await newContext(), base, doc, 'Bob', { errors });
  await typeAt(ada, 'start', 'mine ');
  await waitAllText([ada, bob], 'mine shared\n');
  await typeAt(bob, 'end', 'theirs');
  await waitAllText([ada, bob], 'mine shared\ntheirs');

  await ada.focus('#text');
  await ada.keyboard.press('Control+z');
  await waitAllText([ada, bob], 'shared\ntheirs');
  await ada.keyboard.press('Control+Shift+z');
  await waitAllText([ada, bob], 'mine shared\ntheirs');
  await ada.click('#undo');
  await waitAllText([ada, bob], 'shared\ntheirs');
  await ada.keyboard.press('Control+y');
  await waitAllText([ada, bob], 'mine shared\ntheirs');
  // Bob's undo takes back his own typing, not Ada's.
  await bob.focus('#text');
  await bob.keyboard.press('Control+z');
  await waitAllText([ada, bob], 'mine shared\n');
});

await browser.close();
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
