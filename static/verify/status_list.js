// status_list.js: opening a status bundle, one signed list per municipality of two-bit states
// (valid, revoked, suspended), zlib-compressed, and reading a card's state from it
// (docs/card-format.md, "Status lists": "Status document", "Packing", "Opening a status document"
// and "Bundle").
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/status_list.rs.

import { KartuDocumentError, refuse } from './error.js';
import { ascii, concat, decodeBase64url, num } from './bytes.js';
import { closedObject, i64, parseStrictJson, str, u32 } from './json.js';
import { kidHex, verifyStrict } from './keys.js';
import { documentText, parsePayload, readEnvelope } from './document.js';
import { municipalityCode } from './municipality.js';
import { openedKeySet } from './keyset.js';

const MAX_STATUS_ENTRIES = 1 << 22;
const STATUS_TYPE = 'kartu-status';
const STATUS_CONTEXT = ascii('KARTU-STATUS\0');

// ---------------------------------------------------------------------------------------------
// Status lists ("Status lists")

// The opened bundles, as for key sets (keyset.js): verifyCard accepts only what
// verifyStatusLists opened.
const OPENED_STATUS = new WeakMap();

/** The lists by municipality of a bundle that verifyStatusLists opened; undefined otherwise. */
export function openedStatusLists(statusLists) {
  return OPENED_STATUS.get(statusLists);
}

/**
 * Inflates a zlib stream (RFC 1950) with DecompressionStream('deflate'), which checks the header
 * and the Adler-32. Returns at most `limit` bytes: it stops as soon as the output would be longer
 * and throws. Throws when the stream is broken or truncated.
 */
async function inflateAtMost(compressed, limit, what) {
  if (typeof DecompressionStream !== 'function') refuse('this browser has no DecompressionStream');
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const writing = writer.write(compressed).then(() => writer.close());
  writing.catch(() => {}); // reported through the reader (or below)
  const out = new Uint8Array(limit);
  let length = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (length + value.length > limit) {
        reader.cancel().catch(() => {});
        refuse(`${what} inflates to more than ${limit} bytes`);
      }
      out.set(value, length);
      length += value.length;
    }
    await writing;
  } catch (e) {
    if (e instanceof KartuDocumentError) throw e;
    refuse(`${what} is not a valid zlib stream`);
  }
  return out.subarray(0, length);
}

/**
 * Inflates a zlib stream to exactly `expected` bytes, with nothing after the stream. Some engines'
 * DecompressionStream refuse bytes after the end of the stream (Chromium's), others ignore them
 * (Node 20's); the format refuses them. A stream without trailing bytes is truncated, and so
 * refused, once its last byte is cut off; one with trailing bytes still inflates.
 */
async function inflateExactly(compressed, expected, what) {
  const out = await inflateAtMost(compressed, expected, what);
  if (out.length !== expected) refuse(`${what} inflates to ${out.length} bytes, not ${expected}`);
  let trailing = true;
  try {
    await inflateAtMost(compressed.subarray(0, compressed.length - 1), expected, what);
  } catch {
    trailing = false;
  }
  if (trailing) refuse(`${what} has data after the end of its zlib stream`);
  return out;
}

function readStatusBody(value, what) {
  const body = closedObject(value, what, [
    'type', 'version', 'municipality', 'kid', 'issued_at', 'next_update', 'size', 'encoding', 'list',
  ]);
  return {
    type: str(body.type, `${what} type`),
    version: u32(body.version, `${what} version`),
    municipality: municipalityCode(body.municipality, `${what} municipality`),
    kid: kidHex(body.kid, `${what} kid`),
    issuedAt: i64(body.issued_at, `${what} issued_at`),
    nextUpdate: i64(body.next_update, `${what} next_update`),
    size: u32(body.size, `${what} size`),
    encoding: str(body.encoding, `${what} encoding`),
    list: str(body.list, `${what} list`),
  };
}

async function openStatusDocument(value, keys, what) {
  const env = readEnvelope(value, what);
  // 1. Read unverified, only to learn which key to check it with.
  const claimed = readStatusBody(parsePayload(env.payload, what), what);
  // 2.
  const entry = keys.entries.get(claimed.kid);
  if (entry === undefined) refuse(`${what} is signed by key ${claimed.kid}, not in the key set`);
  // 3. The signature, then the payload again from the verified bytes.
  if (!(await verifyStrict(entry.cryptoKey, env.signature, concat(STATUS_CONTEXT, env.payload)))) {
    refuse(`${what} signature does not verify with key ${entry.kid}`);
  }
  const body = readStatusBody(parsePayload(env.payload, what), what);
  // 4.–7.
  if (body.type !== STATUS_TYPE || body.version !== 1n || body.encoding !== 'zlib') {
    refuse(`${what} is not a version 1 zlib ${STATUS_TYPE} document`);
  }
  if (entry.municipality !== body.municipality) {
    refuse(`key ${entry.kid} may not sign ${body.municipality}'s status list`);
  }
  // A key signs lists only within its window and until it is retired (docs/card-format.md).
  if (
    body.issuedAt < entry.notBefore ||
    body.issuedAt > entry.notAfter ||
    (entry.retiredAt !== null && body.issuedAt > entry.retiredAt) ||
    body.nextUpdate < body.issuedAt
  ) {
    refuse(`${what}: its dates do not fit its key`);
  }
  if (body.size < 1n || body.size > BigInt(MAX_STATUS_ENTRIES)) {
    refuse(`${what} size must be 1 to ${MAX_STATUS_ENTRIES}`);
  }
  // 8. Strict base64url, then exactly ceil(size / 4) bytes of zlib output.
  const size = Number(body.size);
  const compressed = decodeBase64url(body.list);
  if (compressed === null) refuse(`${what} list is not strict base64url`);
  const packed = await inflateExactly(compressed, Math.ceil(size / 4), `${what} list`);
  // 9. No entry of value 3; the bits after the last entry are zero.
  for (let i = 0; i < packed.length; i++) {
    const byte = packed[i];
    for (let j = 0; j < 4; j++) {
      const state = (byte >> (6 - 2 * j)) & 3;
      if (i * 4 + j >= size ? state !== 0 : state === 3) {
        refuse(`${what} holds an undefined state`);
      }
    }
  }
  return { ...body, size, packed };
}

/**
 * Opens a status bundle `{"lists": [...]}` (its JSON text, or the parsed object) against an
 * opened key set. One bad list, or two lists for one municipality, refuses the whole bundle.
 * Returns the frozen lists; throws KartuDocumentError when refused.
 */
export async function verifyStatusLists(json, keySet) {
  const keys = openedKeySet(keySet);
  if (keys === undefined) throw new TypeError('keySet must come from verifyKeySet');
  const text = documentText(json, 'status bundle');
  const bundle = closedObject(parseStrictJson(text), 'status bundle', ['lists']);
  if (!Array.isArray(bundle.lists)) refuse('status bundle lists must be an array');
  const byMunicipality = new Map();
  const published = [];
  for (let i = 0; i < bundle.lists.length; i++) {
    const list = await openStatusDocument(bundle.lists[i], keys, `status list ${i}`);
    if (byMunicipality.has(list.municipality)) refuse(`two lists for ${list.municipality}`);
    byMunicipality.set(list.municipality, list);
    published.push(Object.freeze({
      municipality: list.municipality,
      kid: list.kid,
      issued_at: num(list.issuedAt),
      next_update: num(list.nextUpdate),
      size: list.size,
    }));
  }
  const result = Object.freeze({ lists: Object.freeze(published) });
  OPENED_STATUS.set(result, { keySet, byMunicipality });
  return result;
}

/** The state at index: 'valid', 'revoked', 'suspended', or null when the list has no entry. */
export function stateAt(list, index) {
  if (index >= list.size) return null;
  const bits = (list.packed[index >>> 2] >> (6 - 2 * (index & 3))) & 3;
  return ['valid', 'revoked', 'suspended', null][bits];
}
