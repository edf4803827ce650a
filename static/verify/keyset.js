// keyset.js: opening the key set, every municipal public key a verifier may accept, signed by
// the trust anchor, and the window a key signs in (docs/card-format.md, "Key set").
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/keyset.rs.

import { refuse } from './error.js';
import { ascii, concat, decodeBase64url, num, trimWhiteSpace } from './bytes.js';
import { closedObject, i64, parseStrictJson, str, u32 } from './json.js';
import { deriveAnchorKid, deriveKid, importPublicKey, kidHex, verifyStrict } from './keys.js';
import { documentText, parsePayload, readEnvelope } from './document.js';
import { MUNICIPALITIES, municipalityCode } from './municipality.js';

const MAX_KEYS = 1000;
const KEYSET_TYPE = 'kartu-keyset';
const KEYSET_CONTEXT = ascii('KARTU-KEYSET\0');

// ---------------------------------------------------------------------------------------------
// Key set ("Key set"). The opened set is frozen; its keys and exact times live in a WeakMap, so
// verifyCard accepts only key sets that verifyKeySet opened.

const OPENED_KEY_SETS = new WeakMap();

/**
 * The keys and exact times of a key set that verifyKeySet opened; undefined for any other value.
 * Only this reader is exported, so no other module can add a key set that verifyKeySet did not
 * open.
 */
export function openedKeySet(keySet) {
  return OPENED_KEY_SETS.get(keySet);
}

/**
 * Opens a key set envelope (its JSON text, or the parsed object) with the configured anchor
 * public key (base64url). Returns the frozen key set; throws KartuDocumentError when refused.
 */
export async function verifyKeySet(json, anchorPublicKeyB64url) {
  const text = documentText(json, 'key set');
  if (typeof anchorPublicKeyB64url !== 'string') refuse('anchor public key must be base64url');
  const anchorBytes = decodeBase64url(trimWhiteSpace(anchorPublicKeyB64url));
  if (anchorBytes === null) refuse('anchor public key is not strict base64url');
  const anchorKey = await importPublicKey(anchorBytes, 'anchor public key');
  const anchorKid = await deriveAnchorKid(anchorBytes);

  // 1. The anchor's signature, before anything in the payload is used.
  const env = readEnvelope(parseStrictJson(text), 'key set');
  if (!(await verifyStrict(anchorKey, env.signature, concat(KEYSET_CONTEXT, env.payload)))) {
    refuse(`key set signature does not verify with anchor ${anchorKid}`);
  }
  // 2. The payload: closed objects, required members, types.
  const body = closedObject(parsePayload(env.payload, 'key set'), 'key set payload', [
    'type', 'version', 'anchor', 'issued_at', 'next_update', 'keys',
  ]);
  const type = str(body.type, 'type');
  const version = u32(body.version, 'version');
  const anchor = kidHex(body.anchor, 'anchor');
  const issuedAt = i64(body.issued_at, 'issued_at');
  const nextUpdate = i64(body.next_update, 'next_update');
  if (!Array.isArray(body.keys)) refuse('keys must be an array');
  const rawKeys = body.keys.map((k, i) => {
    const what = `key ${i}`;
    const e = closedObject(
      k, what,
      ['kid', 'municipality', 'country', 'public_key', 'not_before', 'not_after'],
      ['retired_at'],
    );
    return {
      kid: kidHex(e.kid, `${what} kid`),
      municipality: municipalityCode(e.municipality, `${what} municipality`),
      country: str(e.country, `${what} country`),
      publicKeyText: str(e.public_key, `${what} public_key`),
      notBefore: i64(e.not_before, `${what} not_before`),
      notAfter: i64(e.not_after, `${what} not_after`),
      retiredAt:
        e.retired_at === undefined || e.retired_at === null
          ? null
          : i64(e.retired_at, `${what} retired_at`),
    };
  });
  if (rawKeys.some((k) => k.country !== 'LT' && k.country !== 'PL')) {
    refuse('a key names a country other than LT or PL');
  }
  // 3.–6.
  if (type !== KEYSET_TYPE || version !== 1n) refuse(`not a version 1 ${KEYSET_TYPE} document`);
  if (anchor !== anchorKid) refuse(`key set names anchor ${anchor}, expected ${anchorKid}`);
  if (nextUpdate < issuedAt) refuse('key set next_update is before issued_at');
  if (rawKeys.length > MAX_KEYS) refuse(`key set has more than ${MAX_KEYS} keys`);
  // 7. Every entry.
  const entries = new Map();
  const published = [];
  for (const k of rawKeys) {
    const what = `key ${k.kid}`;
    const publicKey = decodeBase64url(k.publicKeyText);
    if (publicKey === null) refuse(`${what}: public_key is not strict base64url`);
    const cryptoKey = await importPublicKey(publicKey, `${what} public_key`);
    const expected = await deriveKid(k.municipality, k.notBefore, k.notAfter, publicKey);
    if (expected !== k.kid) {
      refuse(`key id ${k.kid} does not match its key, municipality and window`);
    }
    if (MUNICIPALITIES[k.municipality].country !== k.country) {
      refuse(`${what} names the wrong country for ${k.municipality}`);
    }
    if (k.notBefore > k.notAfter) refuse(`${what} has not_before after not_after`);
    if (entries.has(k.kid)) refuse(`key id ${k.kid} appears twice`);
    entries.set(k.kid, { ...k, publicKey, cryptoKey });
    published.push(Object.freeze({
      kid: k.kid,
      municipality: k.municipality,
      country: k.country,
      public_key: k.publicKeyText,
      not_before: num(k.notBefore),
      not_after: num(k.notAfter),
      retired_at: k.retiredAt === null ? null : num(k.retiredAt),
    }));
  }
  const keySet = Object.freeze({
    anchor,
    issued_at: num(issuedAt),
    next_update: num(nextUpdate),
    keys: Object.freeze(published),
  });
  OPENED_KEY_SETS.set(keySet, { issuedAt, nextUpdate, entries });
  return keySet;
}

/** Whether the key may sign a card whose validity starts at validFrom (the window rule). */
export function maySignAt(entry, validFrom) {
  return (
    validFrom >= entry.notBefore &&
    validFrom <= entry.notAfter &&
    (entry.retiredAt === null || validFrom <= entry.retiredAt)
  );
}
