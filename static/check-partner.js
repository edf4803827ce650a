// check-partner.js: the checker at a partner's till (imported by check.js). A plain ES module:
// no dependencies, no build step.
//
// A till link (/check/till/<token>, which leaves a cookie) or a signed-in partner account makes
// this checker that partner's: /api/v1/checker answers which partner and location it is and the
// partner's current offers. They are kept in localStorage, so after a valid card the page says,
// offline too, whether one of this partner's offers applies to this card (its municipality, its
// holder's role, today) — the same rule as the service's `Terms::applies`.
//
// When the cashier confirms a discount was given, one use is counted: the card's municipality
// and the day, nothing else. Uses wait in localStorage while offline and are sent later.

const CONTEXT_KEY = 'kartu.check.partner.v1';
const USES_KEY = 'kartu.check.uses.v1';

/** {via, partner, location, locations, offers, csrf_token, savedAt} or null. */
let context = null;
/** The card of the last valid verdict, while its discount may be confirmed. */
let pending = null;
let ui = null;

function read(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only costs the offline copy.
  }
}

/** Today as YYYY-MM-DD in the device's time zone (the till's own day). */
function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Whether `offer` applies to a valid card of `municipality` held by a `role` on `day`. */
export function applies(offer, municipality, role, day) {
  if (offer.valid_from && day < offer.valid_from) return 'not_yet';
  if (offer.valid_until && day > offer.valid_until) return 'ended';
  if (!offer.accepts.includes(municipality)) return 'not_this_municipality';
  if (offer.roles !== 'both' && offer.roles !== role) return 'not_this_role';
  return 'applies';
}

function render() {
  const box = ui.$('partner');
  if (context === null) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  ui.$('partner-as').textContent = ui.t('check-partner-as', { partner: context.partner.name });
  ui.$('partner-location').textContent = ui.t('check-partner-location', { address: context.location.address });
  ui.$('partner-offers-age').textContent = ui.t('check-partner-offline', {
    date: ui.formatTime(context.savedAt),
  });
  ui.$('partner-forget').hidden = context.via !== 'till';
  // A partner account with several places picks the one this till is at.
  const pick = ui.$('partner-place');
  const several = context.via === 'partner' && context.locations.length > 1;
  ui.$('partner-place-box').hidden = !several;
  if (several) {
    pick.replaceChildren(...context.locations.map((l) => {
      const option = document.createElement('option');
      option.value = l.id;
      option.textContent = l.address;
      option.selected = l.id === context.location.id;
      return option;
    }));
  }
  renderQueue();
}

async function fetchContext(location) {
  const query = new URLSearchParams({ lang: ui.LANG });
  if (location) query.set('location', location);
  let response;
  try {
    response = await fetch(`/api/v1/checker?${query}`, { cache: 'no-store', credentials: 'same-origin' });
  } catch {
    return;
  }
  // The answer is read whole in every case, so the request has ended when this returns.
  const body = await response.json().catch(() => null);
  if (response.ok && body) {
    context = { ...body, savedAt: Date.now() };
    write(CONTEXT_KEY, context);
  } else if (response.status === 401 || response.status === 403) {
    // No till link and no partner account (any more): a plain checker.
    context = null;
    write(CONTEXT_KEY, null);
  }
  render();
}

function renderQueue() {
  const waiting = read(USES_KEY, []).length;
  const el = ui.$('use-waiting');
  el.hidden = waiting === 0;
  el.textContent = waiting === 0 ? '' : ui.count('check-use-waiting', waiting);
}

/** Fetches where this checker stands when online; keeps the last answer for offline. */
export async function loadPartner(helpers) {
  ui = helpers;
  context = read(CONTEXT_KEY, null);
  render();
  ui.$('use-confirm').addEventListener('click', confirm);
  ui.$('partner-place').addEventListener('change', (event) => fetchContext(event.target.value));
  if (!navigator.onLine) return;
  await fetchContext(context?.via === 'partner' ? context.location.id : '');
  await flushUses();
}

/** After a verdict: for a valid card, which of this partner's offers apply. */
export function showOffers(card, outcome) {
  pending = null;
  const box = ui.$('result-offers');
  ui.$('use-status').textContent = '';
  ui.$('use-confirm').hidden = true;
  if (context === null || card === null || outcome !== 'valid') {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const day = today();
  const results = context.offers.map((o) => [o, applies(o, card.municipality, card.role, day)]);
  const fitting = results.filter(([, r]) => r === 'applies').map(([o]) => o);
  const list = ui.$('offers-list');
  list.replaceChildren();
  box.dataset.applies = fitting.length > 0 ? 'true' : 'false';
  if (fitting.length > 0) {
    ui.$('offers-verdict').textContent = ui.t('check-offer-applies');
    for (const o of fitting) {
      const li = document.createElement('li');
      const lang = o.description_lang ? ` ${ui.t('check-offer-lang', { lang: ui.t(`lang-${o.description_lang}`) })}` : '';
      li.textContent = `${o.discount}, ${o.description}${lang}`;
      if (o.conditions) li.textContent += ` (${o.conditions})`;
      list.append(li);
    }
    pending = card;
    ui.$('use-confirm').hidden = false;
    return;
  }
  const reasons = new Set(results.map(([, r]) => r));
  if (results.length === 0) {
    ui.$('offers-verdict').textContent = ui.t('check-offer-none');
  } else if (reasons.has('not_this_municipality')) {
    const accepted = [...new Set(context.offers.flatMap((o) => o.accepts))];
    ui.$('offers-verdict').textContent = ui.t('check-offer-municipality', {
      municipalities: accepted.map((m) => ui.t(`municipality-${m}`)).join(', '),
    });
  } else if (reasons.has('not_this_role')) {
    const roles = [...new Set(context.offers.map((o) => o.roles))].filter((r) => r !== 'both');
    ui.$('offers-verdict').textContent = ui.t('check-offer-role', {
      roles: roles.map((r) => ui.t(`check-offer-role-${r}`)).join(', '),
    });
  } else {
    ui.$('offers-verdict').textContent = ui.t('check-offer-dates');
  }
}

async function confirm() {
  if (pending === null) return;
  const uses = read(USES_KEY, []);
  uses.push({ card_municipality: pending.municipality, day: today() });
  write(USES_KEY, uses);
  pending = null;
  ui.$('use-confirm').hidden = true;
  const sent = await flushUses();
  ui.$('use-status').textContent = ui.t(sent ? 'check-use-counted' : 'check-use-queued');
}

/** Sends the uses waiting on this device; true when none is left. */
export async function flushUses() {
  let uses = read(USES_KEY, []);
  if (!ui || context === null || uses.length === 0) return uses.length === 0;
  const headers = { 'Content-Type': 'application/json' };
  if (context.csrf_token) headers['X-CSRF-Token'] = context.csrf_token;
  while (uses.length > 0 && navigator.onLine) {
    const use = uses[0];
    const body = { ...use };
    if (context.via === 'partner') body.location = context.location.id;
    let response;
    try {
      response = await fetch('/api/v1/uses', {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch {
      break;
    }
    // Sent, or refused for good (a use too old, a partner gone): either way it leaves the queue.
    // A busy or unreachable service keeps it for the next try.
    if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
      uses = uses.slice(1);
      write(USES_KEY, uses);
    } else {
      break;
    }
  }
  renderQueue();
  return uses.length === 0;
}
