// Takes docs/editor.png: the editor with three people in one document. Starts its own server
// (ot-cli/target/weft.jar, built by ./weft or mvn package) on a free loopback port with a
// temporary data directory. Usage: node screenshot.mjs [OUT_PNG]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumMissing, launch, openEditor, seed, typeAt, waitAllText, WAIT_MS } from './test/browser-kit.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '..', 'docs', 'editor.png'));
const jar = join(here, '..', 'ot-cli', 'target', 'weft.jar');
const DOC = 'notes';
const TEXT = `Design review, Thursday

1. Offline editing
   Edits made offline are kept in the browser and sent on reconnect,
   rebased over whatever the others wrote meanwhile.

2. Numbers
   p50 ack latency 2 ms, p99 9 ms on the loopback load test.

3. Next steps
   - `;

const missing = chromiumMissing();
if (missing) {
  console.error(missing);
  process.exit(3);
}
const dataDir = await mkdtemp(join(tmpdir(), 'weft-screenshot-'));
const server = spawn('java', ['-jar', jar, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const base = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
    let seen = '';
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolvePort(`http://127.0.0.1:${match[1]}`);
      }
    });
    server.on('exit', (code) => reject(new Error(`the server exited (${code}); is ${jar} built?`)));
  });
  await seed(base, DOC, TEXT);
  const browser = await launch();
  try {
    const viewport = { viewport: { width: 1280, height: 760 } };
    const ada = await openEditor(await browser.newContext(viewport), base, DOC, 'Ada');
    const bob = await openEditor(await browser.newContext(viewport), base, DOC, 'Bob');
    const carol = await openEditor(await browser.newContext(viewport), base, DOC, 'Carol', { away: 1 });
    await waitAllText([ada, bob, carol], TEXT);

    // Carol selects the numbers and goes quiet (away after a second).
    await carol.focus('#text');
    await carol.$eval('#text', (t) => {
      const at = t.value.indexOf('p50');
      t.setSelectionRange(at, at + 'p50 ack latency 2 ms'.length);
    });
    await carol.fill('#chat-input', 'Are the latency numbers from today’s run?');
    await carol.press('#chat-input', 'Enter');
    await ada.fill('#chat-input', 'Yes, the loopback run from this morning.');
    await ada.press('#chat-input', 'Enter');
    await typeAt(ada, 'end', 'ship the editor page', 20);
    await bob.fill('#chat-input', 'I’ll add the offline reload to the notes.');
    await bob.press('#chat-input', 'Enter');
    await bob.focus('#text');
    await bob.$eval('#text', (t) => {
      const at = t.value.indexOf('rebased over');
      t.setSelectionRange(at, at);
    });
    await bob.keyboard.type('then ', { delay: 40 });
    await ada.waitForFunction(() => document.getElementById('typing').textContent.includes('Bob'), null, { timeout: WAIT_MS });
    await ada.waitForFunction(() => document.querySelectorAll('.remote-caret').length === 2
      && document.querySelector('#people li[data-status="away"]') !== null
      && document.getElementById('chat-log').children.length === 3, null, { timeout: WAIT_MS });
    // Let the last throttled cursor update arrive.
    await ada.waitForTimeout(500);
    await ada.focus('#text');
    await ada.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
} finally {
  server.kill();
  await new Promise((done) => (server.exitCode !== null ? done() : server.once('exit', done)));
  await rm(dataDir, { recursive: true, force: true });
}
