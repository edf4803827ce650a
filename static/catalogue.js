// catalogue.js: the partner catalogue's own script (/partners, /partners/{id}, /partners/apply).
// It registers the service worker that keeps visited catalogue pages for offline use, says
// whether the page on screen is live or a saved copy, and draws the map.
//
// The map is drawn from the page itself: every located place in the server-rendered list carries
// data-lat, data-lon, data-name and data-link. Leaflet (static/leaflet/leaflet.js, a classic
// script loaded before this module) draws them as circle markers over the tiles named in the
// map's data-tiles. When Leaflet is missing or fails, the map stays hidden and the list is the
// page; when only the tiles fail, the markers still show on a blank map. The page's <html>
// says how it went in data-map (ready, unavailable or failed) and data-offline-ready.
const root = document.documentElement;
const banner = document.getElementById('offline');

function showConnection() {
  if (banner) banner.hidden = navigator.onLine;
}

window.addEventListener('online', showConnection);
window.addEventListener('offline', showConnection);
showConnection();

// Leaflet puts the attribution in as HTML; the configured text is plain.
function plain(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function places() {
  return [...document.querySelectorAll('[data-lat][data-lon]')]
    .map((el) => ({
      lat: Number.parseFloat(el.dataset.lat),
      lon: Number.parseFloat(el.dataset.lon),
      name: el.dataset.name || '',
      link: el.dataset.link || '',
      address: el.dataset.address || '',
    }))
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
}

function popup(place) {
  const box = document.createElement('div');
  const link = document.createElement('a');
  link.href = place.link;
  link.textContent = place.name;
  box.append(link);
  if (place.address) {
    box.append(document.createElement('br'), place.address);
  }
  return box;
}

function drawMap() {
  const box = document.getElementById('map');
  if (!box) return;
  const L = window.L;
  const shown = places();
  if (!L || typeof L.map !== 'function' || shown.length === 0) {
    root.dataset.map = 'unavailable';
    return;
  }
  try {
    box.hidden = false;
    const map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(box.dataset.tiles, {
      attribution: plain(box.dataset.attribution || ''),
      maxZoom: 19,
    }).addTo(map);
    const bounds = [];
    for (const place of shown) {
      L.circleMarker([place.lat, place.lon], {
        radius: 9,
        color: '#0b5394',
        weight: 3,
        fillColor: '#ffbf47',
        fillOpacity: 0.9,
      })
        .bindPopup(popup(place))
        .addTo(map);
      bounds.push([place.lat, place.lon]);
    }
    // Every place in view, and again when the map changes size (a phone turned, a window
    // narrowed) until the reader moves or zooms it.
    let fitting = false;
    let moved = false;
    const fit = () => {
      fitting = true;
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15, animate: false });
      fitting = false;
    };
    map.on('dragstart zoomstart', () => {
      if (!fitting) moved = true;
    });
    map.on('resize', () => {
      if (!moved) fit();
    });
    fit();
    root.dataset.map = 'ready';
  } catch (failure) {
    box.hidden = true;
    root.dataset.map = 'failed';
  }
}

drawMap();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/partners-sw.js', { scope: '/partners' })
    .then(() => navigator.serviceWorker.ready)
    .then(() => root.setAttribute('data-offline-ready', 'true'))
    .catch(() => root.setAttribute('data-offline-ready', 'false'));
}
