// family-sw.js: the family page's service worker. It keeps the family page (QR codes included:
// they are data: images inside it), its stylesheet and script, so the cards can be shown at a
// till with no connection. Online, the network always wins, so the page shows the cards' current
// status; a page the server no longer serves (its link was revoked: 404) is dropped from the
// cache at once.
const CACHE = 'kartu-family-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const ours = url.pathname.startsWith('/family/') || url.pathname.startsWith('/static/');
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
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw offline;
  }
}
