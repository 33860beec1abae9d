// The editor's service worker: lets a page reload while the network is gone, so edits made
// offline (kept in the offline queue) stay in front of their author until they can be sent.
// Pages (/d/<doc>) go to the network first and fall back to the last shell cached; the hashed
// assets never change, so they come from the cache. Nothing else (the API, the WebSocket) is
// touched. __WEFT_CACHE__ and __WEFT_ASSETS__ are filled in by build.mjs.

/* global __WEFT_CACHE__, __WEFT_ASSETS__ */
const CACHE = __WEFT_CACHE__;
const ASSETS = __WEFT_ASSETS__;
const SHELL = '/d/shell';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    // Every /d/<doc> is the same shell; any document's URL fetches it.
    await cache.put(SHELL, await fetch(SHELL, { cache: 'no-store' }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('weft-editor-') && name !== CACHE) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) {
    return;
  }
  if (event.request.mode === 'navigate' && url.pathname.startsWith('/d/')) {
    event.respondWith(networkFirst(event.request));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(event.request)));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(SHELL, response.clone());
    }
    return response;
  } catch (error) {
    const shell = await cache.match(SHELL);
    if (shell) {
      return shell;
    }
    throw error;
  }
}
