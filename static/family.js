// family.js: registers the family page's service worker (so the page works offline once opened)
// and says whether the page on screen is live or a saved copy. No card data leaves the page.
const banner = document.getElementById('offline');

function showConnection() {
  if (banner) banner.hidden = navigator.onLine;
}

window.addEventListener('online', showConnection);
window.addEventListener('offline', showConnection);
showConnection();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/family/sw.js', { scope: '/family/' })
    .then(() => navigator.serviceWorker.ready)
    .then(() => document.documentElement.setAttribute('data-offline-ready', 'true'))
    .catch(() => document.documentElement.setAttribute('data-offline-ready', 'false'));
}
