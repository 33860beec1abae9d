// Helpers for driving the editor page in Debian's Chromium through playwright-core: launching,
// opening the page as a named user, and bounded waits on what the page shows.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Generous: a loaded two-core CI machine runs a JVM, a server and three Chromium pages at once.
export const WAIT_MS = 30_000;

export function chromiumMissing() {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
}

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 30_000,
  });
}

/**
 * Opens /d/<doc> as `name` in a context; resolves once the text is loaded and the page is
 * connected. Page errors are collected in `errors` (a test fails on any).
 */
export async function openEditor(context, base, doc, name, { away, errors = [] } = {}) {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  const query = new URLSearchParams({ name });
  if (away !== undefined) {
    query.set('away', String(away));
  }
  await page.goto(`${base}/d/${doc}?${query}`, { timeout: WAIT_MS });
  await waitConnected(page);
  return page;
}

export async function waitConnected(page) {
  await page.waitForFunction(() => document.body.dataset.ready === 'true'
    && document.getElementById('connection').dataset.status === 'online', null, { timeout: WAIT_MS });
}

/** Waits until the page's service worker controls it, so that it can reload offline. */
export async function waitOfflineReady(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: WAIT_MS });
}

export function text(page) {
  return page.$eval('#text', (t) => t.value);
}

/** Waits until every page shows `expected` with nothing pending; reports what each showed otherwise. */
export async function waitAllText(pages, expected) {
  try {
    await Promise.all(pages.map((page) => page.waitForFunction((want) => window.weft?.doc.text === want
      && document.getElementById('text').value === want && window.weft.doc.pendingEdits === 0,
    expected, { timeout: WAIT_MS })));
  } catch (error) {
    const seen = await Promise.all(pages.map((page) => text(page).catch(() => '?')));
    throw new Error(`expected every page to show ${JSON.stringify(expected)}; they show ${JSON.stringify(seen)}`);
  }
}

/** Moves the caret to the start or end of the text and types there. */
export async function typeAt(page, where, typed, delay = 15) {
  await page.focus('#text');
  await page.$eval('#text', (t, w) => {
    const at = w === 'start' ? 0 : t.value.length;
    t.setSelectionRange(at, at);
  }, where);
  await page.keyboard.type(typed, { delay });
}

/** Sets a document's text over the HTTP API (version 0 only: a new document). */
export async function seed(base, doc, initial) {
  const response = await fetch(`${base}/api/docs/${doc}/ops`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ v: 0, op: [initial] }),
  });
  if (!response.ok) {
    throw new Error(`seeding ${doc} failed: ${response.status} ${await response.text()}`);
  }
}

export async function serverText(base, doc) {
  const response = await fetch(`${base}/api/docs/${doc}`);
  return (await response.json()).text;
}
