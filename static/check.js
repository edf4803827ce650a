// check.js: the merchant checker page (/check). A plain ES module: no dependencies, no build step.
//
// Trust: the page holds one thing it did not fetch, the anchor's public key (data-anchor, put
// there by the server). It fetches the key set and the status lists, opens both against that key
// with kartu-verify.js, and keeps the texts in localStorage, checking them again whenever they are
// read back, so it keeps working offline and never trusts what it stored without its signatures.
//
// Privacy: a check runs here, with WebCrypto; nothing about the card is sent anywhere. The one
// exception is the photo fallback (browsers without BarcodeDetector, online only), which sends the
// photo to /check/photo for the server to read.
//
// Every sentence comes from the page (#messages, rendered from locales/*/check.ftl and core.ftl);
// this file holds message keys, never text.

import { verifyKeySet, verifyStatusLists, verifyCard, transliterate } from './kartu-verify.js';
import { loadPartner, showOffers, flushUses } from './check-partner.js';

const root = document.getElementById('checker');
const LANG = root.dataset.lang;
const ANCHOR = root.dataset.anchor;
const POLICY = Object.freeze({
  clockSkew: Number(root.dataset.clockSkew),
  maxAge: Number(root.dataset.maxAge),
});
const KEYS_URL = '/.well-known/kartu/keys';
const STATUS_URL = '/.well-known/kartu/status';
const STORE_KEY = 'kartu.check.lists.v1';
const REFRESH_EVERY_MS = 5 * 60 * 1000;
// The page sends the photo as a PNG no longer than this on its longer side.
const PHOTO_MAX_SIDE = 1280;

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------
// Messages

const MESSAGES = new Map(
  Array.from($('messages').querySelectorAll('[data-key]'), (el) => [el.dataset.key, el.textContent]),
);
const PLURALS = new Intl.PluralRules(LANG);
const NUMBERS = new Intl.NumberFormat(LANG);
// Dates as written in Europe: day before month in English too (en-GB), never 11/30.
const DATE_LOCALE = LANG === 'en' ? 'en-GB' : LANG;
const DATES = new Intl.DateTimeFormat(DATE_LOCALE, { year: 'numeric', month: '2-digit', day: '2-digit' });
const TIMES = new Intl.DateTimeFormat(DATE_LOCALE, { dateStyle: 'short', timeStyle: 'short' });

/** The message `key`, its `{name}` placeholders filled from `args`. */
function t(key, args = {}) {
  let text = MESSAGES.get(key) ?? key;
  for (const [name, value] of Object.entries(args)) text = text.split(`{${name}}`).join(value);
  return text;
}

/** A counting message in the CLDR plural form of `n` in the page's language. */
function count(key, n) {
  const text = MESSAGES.get(`${key}.${PLURALS.select(n)}`) ?? MESSAGES.get(`${key}.other`) ?? key;
  return text.split('{count}').join(NUMBERS.format(n));
}

/** "5 minutes old", "3 hours old", "2 days old". A negative age (a clock behind) reads as 0. */
function age(seconds) {
  const s = Math.max(0, seconds);
  if (s < 3600) return count('check-age-minutes', Math.floor(s / 60));
  if (s < 2 * 86400) return count('check-age-hours', Math.floor(s / 3600));
  return count('check-age-days', Math.floor(s / 86400));
}

// ---------------------------------------------------------------------------------------------
// Clocks

const nowSeconds = () => Math.floor(Date.now() / 1000);

// The server's clock, read from the Date header of every fetch of the lists and carried forward
// with the monotonic clock, so a device clock changed later shows too. Only a live answer counts:
// the page itself may come from the offline copy, so it carries no server time.
let serverClock = null;

function noteServerDate(response) {
  const date = Date.parse(response.headers.get('Date') ?? '');
  if (Number.isFinite(date)) serverClock = { at: Math.floor(date / 1000), mono: performance.now() };
}

/** Seconds the device clock is ahead of the server's (negative: behind); 0 when never online. */
function deviceOffset() {
  if (serverClock === null) return 0;
  const serverNow = serverClock.at + (performance.now() - serverClock.mono) / 1000;
  return nowSeconds() - serverNow;
}

/** The clock warnings that hold now, as sentences. */
function clockWarnings(keySetIssuedAt) {
  const out = [];
  if (keySetIssuedAt !== null && nowSeconds() + POLICY.clockSkew < keySetIssuedAt) {
    out.push(t('clock-behind'));
  }
  const offset = deviceOffset();
  // The Date header has whole seconds and the request takes time: allow the card skew.
  if (Math.abs(offset) > POLICY.clockSkew) {
    out.push(count('check-clock-off', Math.round(Math.abs(offset) / 60)));
  }
  return out;
}

function showWarnings(el, warnings) {
  el.textContent = warnings.join(' ');
  el.hidden = warnings.length === 0;
}

// ---------------------------------------------------------------------------------------------
// The lists: fetched, checked against the anchor, kept on the device

/** {keySet, lists, keysText, statusText, savedAt} once the lists are opened; null before. */
let trust = null;
/** 'loading' | 'online' | 'offline' | 'refused' | 'none' */
let listsState = 'loading';

async function openLists(keysText, statusText, savedAt) {
  const keySet = await verifyKeySet(keysText, ANCHOR);
  const lists = await verifyStatusLists(statusText, keySet);
  return { keySet, lists, keysText, statusText, savedAt };
}

async function loadSaved() {
  let saved;
  try {
    saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null');
  } catch {
    saved = null;
  }
  if (saved === null || typeof saved.keys !== 'string' || typeof saved.status !== 'string') return;
  try {
    trust = await openLists(saved.keys, saved.status, Number(saved.savedAt) || 0);
  } catch {
    // Whatever is stored but does not verify is dropped: it could have been tampered with.
    localStorage.removeItem(STORE_KEY);
  }
}

function save(opened) {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify({
      keys: opened.keysText,
      status: opened.statusText,
      savedAt: opened.savedAt,
    }));
  } catch {
    // A full or disabled storage only costs the offline copy; the lists in memory still work.
  }
}

async function fetchText(url) {
  const response = await fetch(url, { cache: 'no-cache', credentials: 'omit' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  noteServerDate(response);
  return response.text();
}

async function refresh() {
  let keysText;
  let statusText;
  try {
    [keysText, statusText] = await Promise.all([fetchText(KEYS_URL), fetchText(STATUS_URL)]);
  } catch {
    listsState = trust === null ? 'none' : 'offline';
    renderLists();
    return;
  }
  try {
    trust = await openLists(keysText, statusText, nowSeconds());
    save(trust);
    listsState = 'online';
  } catch {
    // A refused document is not a verdict: keep what we had (docs/card-format.md, "Key set").
    listsState = 'refused';
  }
  renderLists();
}

function listLine(issuedAt, nextUpdate) {
  const now = nowSeconds();
  let line = `${t('check-list-issued', { date: TIMES.format(issuedAt * 1000) })}, ${age(now - issuedAt)}`;
  if (now > nextUpdate + POLICY.maxAge) line += ` (${t('list-stale')})`;
  return line;
}

/** The oldest of the status lists: the one a stale verdict would come from first. */
function oldestList(lists) {
  return lists.lists.reduce((a, b) => (a === null || b.issued_at < a.issued_at ? b : a), null);
}

function renderLists() {
  const state = {
    loading: 'check-lists-loading',
    online: 'check-lists-online',
    offline: 'check-lists-offline',
    refused: 'check-lists-refused',
    none: 'check-lists-none',
  }[listsState];
  $('lists-state').textContent = t(state);
  root.dataset.lists = listsState;
  if (trust === null) {
    $('lists-key-set').textContent = t('list-not-checked');
    $('lists-status-list').textContent = t('list-not-checked');
    showWarnings($('lists-clock'), clockWarnings(null));
    return;
  }
  const ks = trust.keySet;
  $('lists-key-set').textContent = listLine(ks.issued_at, ks.next_update);
  const oldest = oldestList(trust.lists);
  $('lists-status-list').textContent =
    oldest === null ? t('list-not-checked') : listLine(oldest.issued_at, oldest.next_update);
  showWarnings($('lists-clock'), clockWarnings(ks.issued_at));
}

// ---------------------------------------------------------------------------------------------
// The result

// Reasons reached only after the signature and the key's permission checked out, so the card's
// details are authentic (as in src/verdict.rs).
const SIGNED_REASONS = new Set([
  'valid', 'not_yet_valid', 'expired', 'revoked', 'suspended',
  'key_set_stale', 'status_list_stale', 'status_unknown',
]);

function ageText(listAge) {
  if (listAge === null) return t('list-not-checked');
  let line = `${t('check-list-issued', { date: TIMES.format(listAge.issued_at * 1000) })}, ${age(listAge.age_seconds)}`;
  if (listAge.stale) line += ` (${t('list-stale')})`;
  return line;
}

/**
 * Shows a verdict: {outcome, reason, card, trusted, keySetAge, statusListAge, warnings, source}.
 * card: {number, holder, holder_ascii, role, municipality, valid_from, valid_until} or null.
 */
function show(v) {
  const section = $('result');
  section.className = `result result-${v.outcome}`;
  section.dataset.reason = v.reason ?? '';
  $('result-outcome').textContent = t(`outcome-${v.outcome}`);
  $('result-reason').textContent = v.reason === null ? t('check-no-lists-verdict') : t(`reason-${v.reason}`);
  const card = v.card;
  $('result-card').hidden = card === null;
  if (card !== null) {
    $('result-untrusted').hidden = v.trusted;
    $('result-holder').textContent = card.holder;
    const ascii = card.holder_ascii;
    $('result-holder-ascii').textContent = ascii === card.holder ? '' : t('check-holder-ascii', { name: ascii });
    $('result-holder-ascii').hidden = ascii === card.holder;
    $('result-role').textContent = t(`role-${card.role}`);
    $('result-municipality').textContent = t(`municipality-${card.municipality}`);
    $('result-valid-from').textContent = DATES.format(card.valid_from * 1000);
    $('result-valid-until').textContent = DATES.format(card.valid_until * 1000);
    $('result-number').textContent = card.number;
  }
  $('result-key-set').textContent = v.keySetAge === null ? t('list-not-checked') : ageText(v.keySetAge);
  $('result-status-list').textContent = ageText(v.statusListAge);
  $('result-source').textContent = v.source === 'photo' ? t('check-photo-checked') : '';
  $('result-source').hidden = v.source !== 'photo';
  showWarnings($('result-clock'), v.warnings);
  showOffers(v.trusted ? card : null, v.outcome);
  section.hidden = false;
  // On a phone the verdict may start below the fold: bring it up (focus stays in the field).
  if (section.getBoundingClientRect().top > window.innerHeight * 0.6) {
    section.scrollIntoView({ block: 'start' });
  }
}

function localCard(claims) {
  if (claims === null) return null;
  return {
    ...claims,
    municipality: claims.number.slice(0, 3),
    holder_ascii: transliterate(claims.holder),
  };
}

async function checkText(text) {
  $('check-problem').textContent = '';
  if (text.trim() === '') {
    $('check-problem').textContent = t('check-empty');
    return;
  }
  if (trust === null) {
    show({
      outcome: 'cannot_confirm', reason: null, card: null, trusted: false, keySetAge: null,
      statusListAge: null, warnings: clockWarnings(null), source: null,
    });
    return;
  }
  const v = await verifyCard(text, trust.keySet, trust.lists, nowSeconds(), POLICY);
  const warnings = clockWarnings(trust.keySet.issued_at);
  if (v.clockWarning !== null && !warnings.includes(t('clock-behind'))) {
    warnings.unshift(t('clock-behind'));
  }
  show({
    outcome: v.outcome,
    reason: v.reason,
    card: localCard(v.card),
    trusted: SIGNED_REASONS.has(v.reason),
    keySetAge: v.keySetAge,
    statusListAge: v.statusListAge,
    warnings,
    source: null,
  });
  renderLists();
}

/** A verdict from the server (the photo fallback), in the shape `show` takes. */
function fromServer(view) {
  const unix = (rfc3339) => Math.floor(Date.parse(rfc3339) / 1000);
  const listAge = (a) => (a ? { ...a, issued_at: unix(a.issued_at) } : null);
  const card = view.card
    ? {
      ...view.card,
      valid_from: unix(view.card.valid_from),
      valid_until: unix(view.card.valid_until),
    }
    : null;
  return {
    outcome: view.outcome,
    reason: view.reason,
    card,
    trusted: view.card_trusted,
    keySetAge: listAge(view.key_set),
    statusListAge: listAge(view.status_list),
    warnings: view.clock_warning ? [view.clock_warning] : [],
    source: 'photo',
  };
}

// ---------------------------------------------------------------------------------------------
// Input: the text field (keyboard-wedge scanners type into it and press Enter), paste

const field = $('code');

async function submit() {
  await checkText(field.value);
  // The next scan replaces this one.
  field.focus({ preventScroll: true });
  field.select();
}

$('check-form').addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
field.addEventListener('paste', () => setTimeout(submit, 0));

// ---------------------------------------------------------------------------------------------
// The camera, where the browser reads QR codes itself (BarcodeDetector)

let camera = null;

async function canDetectQr() {
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return false;
  try {
    return (await window.BarcodeDetector.getSupportedFormats()).includes('qr_code');
  } catch {
    return false;
  }
}

function stopCamera() {
  if (camera !== null) {
    camera.stream.getTracks().forEach((track) => track.stop());
    clearTimeout(camera.timer);
    camera = null;
  }
  $('camera-video').srcObject = null;
  $('camera').hidden = true;
  $('camera-start').hidden = false;
}

async function startCamera() {
  $('check-problem').textContent = '';
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' } },
      audio: false,
    });
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    const video = $('camera-video');
    video.srcObject = stream;
    camera = { stream, timer: 0 };
    $('camera').hidden = false;
    $('camera-start').hidden = true;
    await video.play();
    const scan = async () => {
      if (camera === null) return;
      let codes = [];
      try {
        codes = await detector.detect(video);
      } catch {
        codes = [];
      }
      if (camera === null) return;
      if (codes.length > 0) {
        stopCamera();
        field.value = codes[0].rawValue;
        await submit();
      } else {
        camera.timer = setTimeout(scan, 200);
      }
    };
    scan();
  } catch {
    stopCamera();
    $('check-problem').textContent = t('check-camera-failed');
  }
}

$('camera-start').addEventListener('click', startCamera);
$('camera-stop').addEventListener('click', () => {
  stopCamera();
  $('camera-start').focus();
});

// ---------------------------------------------------------------------------------------------
// The photo fallback: no BarcodeDetector, online. The one path that sends anything to the server.

let hasDetector = false;

function updatePhotoTool() {
  $('photo-tool').hidden = hasDetector || !navigator.onLine;
}

/** The photo as a greyscale PNG no larger than PHOTO_MAX_SIDE (any format the browser reads). */
async function photoPng(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const px = image.data;
  for (let i = 0; i < px.length; i += 4) {
    const y = (299 * px[i] + 587 * px[i + 1] + 114 * px[i + 2]) / 1000;
    px[i] = y;
    px[i + 1] = y;
    px[i + 2] = y;
  }
  ctx.putImageData(image, 0, 0);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png');
  });
}

const PHOTO_PROBLEMS = {
  no_qr_code: 'check-photo-no-code',
  unreadable_qr_code: 'check-photo-unreadable',
  unreadable_image: 'check-photo-unreadable',
  image_too_large: 'check-photo-too-large',
  too_large: 'check-photo-too-large',
};

async function sendPhoto() {
  const input = $('photo');
  const file = input.files?.[0];
  if (!file) return;
  const status = $('photo-status');
  status.textContent = t('check-photo-reading');
  $('check-problem').textContent = '';
  let problem = null;
  try {
    const body = await photoPng(file);
    const response = await fetch(`/check/photo?lang=${encodeURIComponent(LANG)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body,
      credentials: 'omit',
    });
    noteServerDate(response);
    if (response.ok) {
      show(fromServer(await response.json()));
    } else {
      const doc = await response.json().catch(() => ({}));
      problem = PHOTO_PROBLEMS[doc.code] ?? 'check-photo-failed';
    }
  } catch {
    problem = 'check-photo-failed';
  }
  status.textContent = '';
  input.value = '';
  if (problem !== null) $('check-problem').textContent = t(problem);
}

$('photo').addEventListener('change', sendPhoto);

// ---------------------------------------------------------------------------------------------
// Start

$('refresh').addEventListener('click', async () => {
  listsState = 'loading';
  renderLists();
  await refresh();
});
window.addEventListener('online', () => {
  updatePhotoTool();
  refresh();
  flushUses();
});
window.addEventListener('offline', updatePhotoTool);
setInterval(() => {
  if (navigator.onLine) refresh();
}, REFRESH_EVERY_MS);

async function start() {
  hasDetector = await canDetectQr();
  $('camera-start').hidden = !hasDetector;
  updatePhotoTool();
  await loadSaved();
  renderLists();
  await refresh();
  await loadPartner({ $, t, count, LANG, formatTime: (ms) => TIMES.format(ms) });
  root.dataset.ready = 'true';
}

// The service worker keeps the page and its scripts so that it opens again offline.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/check-sw.js', { scope: '/check' })
    .then(() => navigator.serviceWorker.ready)
    .then(() => { root.dataset.offlineReady = 'true'; })
    .catch(() => { root.dataset.offlineReady = 'false'; });
}

start();
