// offline-sw.js: the service worker of the pages that must work with no connection, the family
// page (registered as /family/sw.js, scope /family/), the merchant checker (registered as
// /check-sw.js, scope /check) and the partner catalogue (registered as /partners-sw.js, scope
// /partners). It keeps the pages of its scope and the site's stylesheet and scripts, so they
// open again offline. The family page's QR codes are data: images inside it;
// the checker keeps its signed lists itself (localStorage) and checks them again on every load.
//
// Online, the network always wins, so a page shows the current state; a page the server no
// longer serves (a revoked family link: 404) is dropped from the cache at once.
const CACHE = 'kartu-offline-v1';
const SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const ours = url.pathname.startsWith(SCOPE) || url.pathname.startsWith('/static/');
  if (!ours) return;
  event.respondWith(networkFirst(request));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const fresh = await fetch(request);
    if (fresh.ok) {
      await cache.put(request, fresh.clone());
    } else if (fresh.status === 404 || fresh.status === 410) {
      await cache.delete(request);
    }
    return fresh;
  } catch (offline) {
    // The very page kept (a catalogue search, a language), else the same page otherwise asked.
    const kept =
      (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    if (kept) return kept;
    throw offline;
  }
}
