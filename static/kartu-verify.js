// kartu-verify.js: the kartu card verifier for browsers (WebCrypto), an ES module with no
// dependencies and no build step.
//
// It follows docs/card-format.md (normative) step by step; the section names in the comments are
// that document's. The reference implementation is the Rust crate `kartu-card`; every test
// vector in tests/vectors/ must give the same verdict here (tests/browser_vectors.rs checks that
// in a real Chromium).
//
//   const keySet = await verifyKeySet(keySetJson, anchorPublicKeyB64url);   // throws if refused
//   const lists  = await verifyStatusLists(bundleJson, keySet);              // throws if refused
//   const v = await verifyCard(text, keySet, lists, Math.floor(Date.now() / 1000));
//   v.outcome   // 'valid' | 'invalid' | 'cannot_confirm'
//   v.reason    // one of REASONS
//
// verifyCard never throws for any text: every failure is a reason. verifyKeySet and
// verifyStatusLists throw a KartuDocumentError when a document is refused; a refused document is
// not a verdict (keep the one you had).
//
// WebCrypto's Ed25519 is not strict in every engine (Chromium's accepts a small-order R), so the
// strict rules of ed25519-dalek's verify_strict that the format requires are checked here too:
// S < L, R not one of the eight small-order encodings, public keys canonical, on the curve and not
// of small order.

// ---------------------------------------------------------------------------------------------
// Reasons

/** Every reason code, and its outcome ("Reasons"). */
export const REASONS = Object.freeze({
  valid: 'valid',
  not_a_card: 'invalid',
  unsupported_version: 'invalid',
  malformed: 'invalid',
  unknown_key: 'invalid',
  key_not_allowed: 'invalid',
  bad_signature: 'invalid',
  not_yet_valid: 'invalid',
  expired: 'invalid',
  revoked: 'invalid',
  suspended: 'invalid',
  key_set_stale: 'cannot_confirm',
  status_list_stale: 'cannot_confirm',
  status_unknown: 'cannot_confirm',
});

/** The outcome ('valid', 'invalid' or 'cannot_confirm') of a reason code. */
export function outcomeOf(reason) {
  const outcome = Object.prototype.hasOwnProperty.call(REASONS, reason) ? REASONS[reason] : null;
  if (outcome === null) throw new TypeError(`unknown reason code ${String(reason)}`);
  return outcome;
}

/** A key set, status bundle or status list that must not be used. */
export class KartuDocumentError extends Error {
  constructor(message) {
    super(message);
    this.name = 'KartuDocumentError';
  }
}

function refuse(message) {
  throw new KartuDocumentError(message);
}

export const DEFAULT_POLICY = Object.freeze({ clockSkew: 300, maxAge: 259200 });

// ---------------------------------------------------------------------------------------------
// Constants of the format

const CARD_VERSION = 1;
const PREFIX = 'KARTU1:';
const MAX_BODY_CHARS = 512;
const HEADER_LEN = 30;
const SIGNATURE_LEN = 64;
const MAX_NAME_CHARS = 64;
const MAX_NAME_BYTES = 255;
const MAX_FAMILY = 999999;
const MAX_MEMBER = 99;
const MAX_SEQUENCE = 99;
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
const MAX_KEYS = 1000;
const MAX_STATUS_ENTRIES = 1 << 22;
const KEYSET_TYPE = 'kartu-keyset';
const STATUS_TYPE = 'kartu-status';

const ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const CARD_CONTEXT = ascii('KARTU-CARD\0');
const KEYSET_CONTEXT = ascii('KARTU-KEYSET\0');
const STATUS_CONTEXT = ascii('KARTU-STATUS\0');
const KID_CONTEXT = ascii('KARTU-KID\0');
const ANCHOR_CONTEXT = ascii('KARTU-ANCHOR\0');

// Municipalities: code, wire value, country ("Conventions").
const MUNICIPALITIES = Object.freeze({
  ALY: Object.freeze({ code: 'ALY', wire: 1, country: 'LT' }),
  VAR: Object.freeze({ code: 'VAR', wire: 2, country: 'LT' }),
  ELK: Object.freeze({ code: 'ELK', wire: 3, country: 'PL' }),
});
const MUNICIPALITY_BY_WIRE = Object.freeze({ 1: 'ALY', 2: 'VAR', 3: 'ELK' });
const ROLE_BY_WIRE = Object.freeze({ 1: 'parent', 2: 'child' });

const U32_MAX = 0xffffffffn;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

// ---------------------------------------------------------------------------------------------
// Small helpers

function hex(bytes) {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const utf8Encoder = new TextEncoder();

function utf8Length(text) {
  return utf8Encoder.encode(text).length;
}

// ignoreBOM: a leading U+FEFF is data, not a byte order mark to drop (the reference keeps it, and
// then refuses it: it is not a letter, and it is not JSON white space).
function decodeUtf8(bytes) {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

const WHITE_SPACE = /^\p{White_Space}$/u;

/**
 * Removes leading and trailing Unicode White_Space (not U+FEFF, which String.prototype.trim would
 * also remove). A loop rather than /^\s+|\s+$/, which takes quadratic time on long runs of
 * white space inside a text. Every White_Space character is a single UTF-16 unit.
 */
function trimWhiteSpace(text) {
  let start = 0;
  let end = text.length;
  while (start < end && WHITE_SPACE.test(text[start])) start++;
  while (end > start && WHITE_SPACE.test(text[end - 1])) end--;
  return text.slice(start, end);
}

/** BigInt from a Number or BigInt that is an integer; null otherwise. */
function toBigInt(value) {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return null;
}

/** A BigInt as a Number for reporting (exact for every time of interest). */
function num(big) {
  return Number(big);
}

function clampI64(big) {
  return big < I64_MIN ? I64_MIN : big > I64_MAX ? I64_MAX : big;
}

// ---------------------------------------------------------------------------------------------
// Strict base64url ("Conventions"): unpadded URL-safe alphabet, no other character, length not
// 1 modulo 4, unused bits of the last character zero. So every byte string has one spelling.

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_VALUE = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64URL.length; i++) t[B64URL.charCodeAt(i)] = i;
  return t;
})();

/** Decodes strict base64url; returns null when the text is not exactly that. */
export function decodeBase64url(text) {
  if (typeof text !== 'string') return null;
  const n = text.length;
  if (n % 4 === 1) return null;
  const values = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64URL_VALUE[c] : -1;
    if (v < 0) return null;
    values[i] = v;
  }
  const full = Math.floor(n / 4);
  const rest = n % 4;
  const out = new Uint8Array(full * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  for (let g = 0; g < full; g++) {
    const i = g * 4;
    const x = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
    out[o++] = (x >> 16) & 0xff;
    out[o++] = (x >> 8) & 0xff;
    out[o++] = x & 0xff;
  }
  const i = full * 4;
  if (rest === 2) {
    if ((values[i + 1] & 0x0f) !== 0) return null; // 4 unused bits
    out[o++] = (values[i] << 2) | (values[i + 1] >> 4);
  } else if (rest === 3) {
    if ((values[i + 2] & 0x03) !== 0) return null; // 2 unused bits
    out[o++] = (values[i] << 2) | (values[i + 1] >> 4);
    out[o++] = ((values[i + 1] & 0x0f) << 4) | (values[i + 2] >> 2);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Strict JSON. JSON.parse keeps the last of duplicate members and cannot tell 1 from 1.0, so the
// documents are read with this small RFC 8259 parser instead: objects are null-prototype, a
// duplicate member is refused, numbers keep their text, nesting is limited.

class JsonNumber {
  constructor(text) {
    this.text = text;
    this.isInteger = /^-?(0|[1-9][0-9]*)$/.test(text) && text !== '-0';
  }
}

const MAX_JSON_DEPTH = 128;

function parseStrictJson(text) {
  let at = 0;
  const fail = (what) => refuse(`invalid JSON: ${what} at character ${at}`);
  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) at++;
      else return;
    }
  };
  const parseString = () => {
    at++; // the opening quote
    let out = '';
    for (;;) {
      if (at >= text.length) fail('unterminated string');
      const c = text.charCodeAt(at);
      if (c === 0x22) {
        at++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c !== 0x5c) {
        // Not a backslash: copy the run up to the next quote, backslash or control character.
        let end = at + 1;
        while (end < text.length) {
          const d = text.charCodeAt(end);
          if (d === 0x22 || d === 0x5c || d < 0x20) break;
          end++;
        }
        out += text.slice(at, end);
        at = end;
        continue;
      }
      const e = text[at + 1];
      at += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const unit = () => {
            const h = text.slice(at, at + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
            at += 4;
            return parseInt(h, 16);
          };
          const u = unit();
          if (u >= 0xd800 && u <= 0xdbff) {
            if (text.slice(at, at + 2) !== '\\u') fail('lone surrogate');
            at += 2;
            const low = unit();
            if (low < 0xdc00 || low > 0xdfff) fail('lone surrogate');
            out += String.fromCharCode(u, low);
          } else if (u >= 0xdc00 && u <= 0xdfff) {
            fail('lone surrogate');
          } else {
            out += String.fromCharCode(u);
          }
          break;
        }
        default:
          fail('bad escape');
      }
    }
  };
  const parseValue = (depth) => {
    skip();
    if (depth > MAX_JSON_DEPTH) fail('nesting too deep');
    const c = text[at];
    if (c === '{') {
      at++;
      const obj = Object.create(null);
      skip();
      if (text[at] === '}') {
        at++;
        return obj;
      }
      for (;;) {
        skip();
        if (text[at] !== '"') fail('expected a member name');
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate member "${key}"`);
        skip();
        if (text[at] !== ':') fail('expected ":"');
        at++;
        obj[key] = parseValue(depth + 1);
        skip();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      at++;
      const arr = [];
      skip();
      if (text[at] === ']') {
        at++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        skip();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith('true', at)) {
      at += 4;
      return true;
    }
    if (text.startsWith('false', at)) {
      at += 5;
      return false;
    }
    if (text.startsWith('null', at)) {
      at += 4;
      return null;
    }
    const m = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    m.lastIndex = at;
    const found = m.exec(text);
    if (found && found[0].length > 0 && found[0] !== '-') {
      at += found[0].length;
      return new JsonNumber(found[0]);
    }
    return fail('unexpected character');
  };
  if (typeof text !== 'string') refuse('not a JSON text');
  const value = parseValue(0);
  skip();
  if (at !== text.length) fail('trailing characters');
  return value;
}

// Closed-object readers: every member listed, required ones present, types exact.

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber);
}

function closedObject(v, what, required, optional = []) {
  if (!isObject(v)) refuse(`${what} must be a JSON object`);
  for (const key of Object.keys(v)) {
    if (!required.includes(key) && !optional.includes(key)) {
      refuse(`${what} has an unknown member "${key}"`);
    }
  }
  for (const key of required) {
    if (!Object.prototype.hasOwnProperty.call(v, key)) refuse(`${what} lacks "${key}"`);
  }
  return v;
}

function str(v, what) {
  if (typeof v !== 'string') refuse(`${what} must be a string`);
  return v;
}

function integer(v, what, min, max) {
  if (!(v instanceof JsonNumber) || !v.isInteger) refuse(`${what} must be an integer`);
  const n = BigInt(v.text);
  if (n < min || n > max) refuse(`${what} is out of range`);
  return n;
}

const u32 = (v, what) => integer(v, what, 0n, U32_MAX);
const i64 = (v, what) => integer(v, what, I64_MIN, I64_MAX);

function kidHex(v, what) {
  const s = str(v, what);
  if (!/^[0-9a-f]{16}$/.test(s)) refuse(`${what} must be 16 lower-case hex digits`);
  return s;
}

// Producers write the code in upper case; this verifier is strict there (the format allows it).
function municipalityCode(v, what) {
  const s = str(v, what);
  if (!Object.prototype.hasOwnProperty.call(MUNICIPALITIES, s)) {
    refuse(`${what} must be ALY, VAR or ELK`);
  }
  return s;
}

function documentText(json, what) {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  if (typeof text !== 'string') refuse(`${what} is not a JSON text`);
  // UTF-8 is never shorter than UTF-16, so the cheap test first.
  if (text.length > MAX_DOCUMENT_BYTES || utf8Length(text) > MAX_DOCUMENT_BYTES) {
    refuse(`${what} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  return text;
}

/** The envelope {payload, signature} ("Signed documents"), decoded but not yet checked. */
function readEnvelope(value, what) {
  const env = closedObject(value, what, ['payload', 'signature']);
  const payload = decodeBase64url(str(env.payload, `${what} payload`));
  if (payload === null) refuse(`${what} payload is not strict base64url`);
  const signature = decodeBase64url(str(env.signature, `${what} signature`));
  if (signature === null) refuse(`${what} signature is not strict base64url`);
  if (signature.length !== SIGNATURE_LEN) refuse(`${what} signature must be 64 bytes`);
  return { payload, signature };
}

function parsePayload(bytes, what) {
  let text;
  try {
    text = decodeUtf8(bytes);
  } catch {
    refuse(`${what} payload is not UTF-8`);
  }
  return parseStrictJson(text);
}

// ---------------------------------------------------------------------------------------------
// Edwards25519 arithmetic, only what opening a public key needs (decoding, small-order test).

const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

const mod = (a) => {
  const r = a % P;
  return r < 0n ? r + P : r;
};

function pow(base, exp) {
  let result = 1n;
  let b = mod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

const inv = (a) => pow(a, P - 2n);
const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);

function leBigInt(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

/**
 * Decodes a 32-byte point encoding (RFC 8032 5.1.3) into affine [x, y], or null when it is not
 * the canonical encoding of a curve point.
 */
function decodePoint(bytes) {
  if (bytes.length !== 32) return null;
  const sign = bytes[31] >> 7;
  const yBytes = Uint8Array.from(bytes);
  yBytes[31] &= 0x7f;
  const y = leBigInt(yBytes);
  if (y >= P) return null; // non-canonical
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  const v3 = (v * v % P) * v % P;
  const v7 = (v3 * v3 % P) * v % P;
  let x = (u * v3 % P) * pow(u * v7, (P - 5n) / 8n) % P;
  const vx2 = v * (x * x % P) % P;
  if (vx2 === u) {
    // x is a root
  } else if (vx2 === mod(-u)) {
    x = x * SQRT_M1 % P;
  } else {
    return null; // not on the curve
  }
  if (x === 0n && sign === 1) return null; // "negative zero"
  if (Number(x & 1n) !== sign) x = P - x;
  return [x, y];
}

// Complete addition on -x^2 + y^2 = 1 + d x^2 y^2 (d is not a square).
function addPoints([x1, y1], [x2, y2]) {
  const t = D * (x1 * x2 % P) % P * (y1 * y2 % P) % P;
  const x3 = (x1 * y2 + y1 * x2) % P * inv(1n + t) % P;
  const y3 = (y1 * y2 + x1 * x2) % P * inv(mod(1n - t)) % P;
  return [x3, y3];
}

function isSmallOrder(point) {
  let q = point;
  for (let i = 0; i < 3; i++) q = addPoints(q, q);
  return q[0] === 0n && q[1] === 1n;
}

// The canonical encodings of the eight points of small order ("Signature").
const SMALL_ORDER_ENCODINGS = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
];
const SMALL_ORDER_SET = new Set(SMALL_ORDER_ENCODINGS);

/**
 * Opens an Ed25519 public key as the key set requires: 32 bytes, the canonical encoding of a
 * curve point, not of small order. Returns the WebCrypto key, or throws.
 */
async function importPublicKey(bytes, what) {
  if (bytes.length !== 32) refuse(`${what} must be 32 bytes`);
  if (SMALL_ORDER_SET.has(hex(bytes))) refuse(`${what} is of small order`);
  const point = decodePoint(bytes);
  if (point === null) refuse(`${what} is not the canonical encoding of a curve point`);
  if (isSmallOrder(point)) refuse(`${what} is of small order`);
  try {
    return await crypto.subtle.importKey('raw', bytes, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    return refuse(`${what}: this browser cannot import an Ed25519 key (${e && e.name})`);
  }
}

/**
 * Strict Ed25519 ("Signature"): S < L, R not of small order, then WebCrypto for the equation.
 * The public key was checked when it was imported. Never throws.
 */
async function verifyStrict(cryptoKey, signature, message) {
  try {
    if (signature.length !== SIGNATURE_LEN) return false;
    const r = signature.subarray(0, 32);
    const s = signature.subarray(32, 64);
    if (leBigInt(s) >= L) return false;
    if (SMALL_ORDER_SET.has(hex(r))) return false;
    return await crypto.subtle.verify('Ed25519', cryptoKey, signature, message);
  } catch {
    return false;
  }
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

// ---------------------------------------------------------------------------------------------
// Key ids ("Key ids")

async function deriveKid(municipality, notBefore, notAfter, publicKey) {
  const input = new Uint8Array(61);
  input.set(KID_CONTEXT, 0);
  input.set(ascii(municipality), 10);
  const view = new DataView(input.buffer);
  view.setBigInt64(13, notBefore, false);
  view.setBigInt64(21, notAfter, false);
  input.set(publicKey, 29);
  return hex((await sha256(input)).subarray(0, 8));
}

async function deriveAnchorKid(publicKey) {
  return hex((await sha256(concat(ANCHOR_CONTEXT, publicKey))).subarray(0, 8));
}

// ---------------------------------------------------------------------------------------------
// Key set ("Key set"). The opened set is frozen; its keys and exact times live in a WeakMap, so
// verifyCard accepts only key sets that verifyKeySet opened.

const OPENED_KEY_SETS = new WeakMap();
const OPENED_STATUS = new WeakMap();

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
function maySignAt(entry, validFrom) {
  return (
    validFrom >= entry.notBefore &&
    validFrom <= entry.notAfter &&
    (entry.retiredAt === null || validFrom <= entry.retiredAt)
  );
}

// ---------------------------------------------------------------------------------------------
// Status lists ("Status lists")

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
  const keys = OPENED_KEY_SETS.get(keySet);
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
function stateAt(list, index) {
  if (index >= list.size) return null;
  const bits = (list.packed[index >>> 2] >> (6 - 2 * (index & 3))) & 3;
  return ['valid', 'revoked', 'suspended', null][bits];
}

// ---------------------------------------------------------------------------------------------
// Card number ("Card number")

const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function damm(digits) {
  let interim = 0;
  for (const d of digits) interim = DAMM[interim][d];
  return interim;
}

/** The printed card number, e.g. ALY-004217-03-01-7. */
export function formatCardNumber(municipality, family, member, sequence) {
  const body =
    String(family).padStart(6, '0') + String(member).padStart(2, '0') +
    String(sequence).padStart(2, '0');
  const check = damm([MUNICIPALITIES[municipality].wire, ...Array.from(body, Number)]);
  return `${municipality}-${body.slice(0, 6)}-${body.slice(6, 8)}-${body.slice(8, 10)}-${check}`;
}

// ---------------------------------------------------------------------------------------------
// Holder name ("Holder name")

const WHITE_SPACE_RUN = /\p{White_Space}+/u;
const ALPHABETIC = /^\p{Alphabetic}$/u;

function isAllowedNameChar(c) {
  if (ALPHABETIC.test(c)) return true;
  if (c === ' ' || c === '-' || c === "'" || c === '\u2019' || c === '.') return true;
  const cp = c.codePointAt(0);
  return cp >= 0x300 && cp <= 0x36f;
}

/**
 * The name procedure: returns the normal form of `text`, or null when the name is refused. A
 * card's name is valid only when this returns exactly the name on the card.
 */
export function normalizeName(text) {
  const nfc = text.normalize('NFC');
  const collapsed = nfc.split(WHITE_SPACE_RUN).filter((piece) => piece !== '').join(' ');
  if (collapsed === '') return null;
  const chars = Array.from(collapsed);
  if (chars.length > MAX_NAME_CHARS) return null;
  if (!chars.every(isAllowedNameChar)) return null;
  if (!chars.some((c) => ALPHABETIC.test(c))) return null;
  if (utf8Length(collapsed) > MAX_NAME_BYTES) return null;
  return collapsed;
}

// ---------------------------------------------------------------------------------------------
// Transliteration ("Transliteration"): an ASCII form to compare with an identity document.

const ICAO_SPECIAL = {
  'Ä': 'AE', 'Æ': 'AE', 'ä': 'ae', 'æ': 'ae', 'Ö': 'OE', 'Ø': 'OE', 'Œ': 'OE',
  'ö': 'oe', 'ø': 'oe', 'œ': 'oe', 'Ü': 'UE', 'ü': 'ue', 'Å': 'AA', 'å': 'aa', 'ß': 'ss',
  'ẞ': 'SS', 'Þ': 'TH', 'þ': 'th', 'Ĳ': 'IJ', 'ĳ': 'ij', 'Ł': 'L', 'ł': 'l', 'Đ': 'D',
  'Ð': 'D', 'đ': 'd', 'ð': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i', 'Ŀ': 'L', 'ŀ': 'l', '’': "'",
};

const isCombiningMark = (c) => {
  const cp = c.codePointAt(0);
  return cp >= 0x300 && cp <= 0x36f;
};

/** The ASCII transliteration of a name (derived, never stored or signed). */
export function transliterate(name) {
  let out = '';
  for (const c of name) {
    if (c.codePointAt(0) < 0x80) {
      out += c;
    } else if (Object.prototype.hasOwnProperty.call(ICAO_SPECIAL, c)) {
      out += ICAO_SPECIAL[c];
    } else {
      const base = Array.from(c.normalize('NFD')).filter((d) => !isCombiningMark(d)).join('');
      if (base !== '' && /^[\x00-\x7f]*$/.test(base)) out += base;
      else if (!isCombiningMark(c)) out += '?';
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading a card ("QR text", "Card bytes")

class DecodeFailure {
  constructor(reason) {
    this.reason = reason;
  }
}

/**
 * Reads a QR text. Returns {kid, municipality, claims, signingInput, signature}, or a
 * DecodeFailure with reason not_a_card, unsupported_version or malformed.
 */
function decodeCard(text) {
  // 1. Trim White_Space (not U+FEFF).
  const trimmed = trimWhiteSpace(text);
  // 2. The prefix.
  let body;
  if (trimmed.startsWith(PREFIX)) {
    body = trimmed.slice(PREFIX.length);
  } else if (/^KARTU[0-9]+:/.test(trimmed)) {
    return new DecodeFailure('unsupported_version');
  } else {
    return new DecodeFailure('not_a_card');
  }
  // 3., 4.
  if (body.length > MAX_BODY_CHARS) return new DecodeFailure('malformed');
  const bytes = decodeBase64url(body);
  if (bytes === null) return new DecodeFailure('malformed');
  // Card bytes, in the reference's order.
  if (bytes.length === 0) return new DecodeFailure('malformed');
  if (bytes[0] !== CARD_VERSION) return new DecodeFailure('unsupported_version');
  if (bytes.length < HEADER_LEN + SIGNATURE_LEN) return new DecodeFailure('malformed');
  const nameLen = bytes[29];
  if (bytes.length !== HEADER_LEN + nameLen + SIGNATURE_LEN) return new DecodeFailure('malformed');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const municipality = MUNICIPALITY_BY_WIRE[bytes[9]];
  const role = ROLE_BY_WIRE[bytes[10]];
  if (municipality === undefined || role === undefined) return new DecodeFailure('malformed');
  const family = view.getUint32(11, false);
  const member = bytes[15];
  const sequence = bytes[16];
  if (family < 1 || family > MAX_FAMILY) return new DecodeFailure('malformed');
  if (member < 1 || member > MAX_MEMBER) return new DecodeFailure('malformed');
  if (sequence < 1 || sequence > MAX_SEQUENCE) return new DecodeFailure('malformed');
  const validFrom = view.getUint32(17, false);
  const validUntil = view.getUint32(21, false);
  if (validFrom > validUntil) return new DecodeFailure('malformed');
  const statusIndex = view.getUint32(25, false);
  // 5. The name: UTF-8, valid, and already in normal form.
  let name;
  try {
    name = decodeUtf8(bytes.subarray(HEADER_LEN, HEADER_LEN + nameLen));
  } catch {
    return new DecodeFailure('malformed');
  }
  if (normalizeName(name) !== name) return new DecodeFailure('malformed');
  return {
    kid: hex(bytes.subarray(1, 9)),
    municipality,
    claims: {
      number: formatCardNumber(municipality, family, member, sequence),
      holder: name,
      role,
      valid_from: validFrom,
      valid_until: validUntil,
      status_index: statusIndex,
    },
    signingInput: concat(CARD_CONTEXT, bytes.subarray(0, HEADER_LEN + nameLen)),
    signature: bytes.slice(HEADER_LEN + nameLen),
  };
}

// ---------------------------------------------------------------------------------------------
// Verification ("Verification")

function documentAge(issuedAt, nextUpdate, now, maxAge) {
  return Object.freeze({
    issued_at: num(issuedAt),
    next_update: num(nextUpdate),
    age_seconds: num(clampI64(now - issuedAt)),
    stale: now > nextUpdate + maxAge,
  });
}

/**
 * Verifies a scanned card text offline.
 *
 * keySet: from verifyKeySet. statusLists: from verifyStatusLists with the same key set, or null
 * for "no bundle at all" (then no revocation check is made, as the format says). nowSeconds: the
 * device clock, Unix seconds (Number or BigInt). policy: {clockSkew, maxAge} in seconds.
 *
 * Returns {outcome, reason, valid, card, kid, keySetAge, statusListAge, clockWarning}. Never
 * throws for any text; throws TypeError only when the other arguments are not what they must be.
 */
export async function verifyCard(text, keySet, statusLists, nowSeconds, policy = DEFAULT_POLICY) {
  const keys = OPENED_KEY_SETS.get(keySet);
  if (keys === undefined) throw new TypeError('keySet must come from verifyKeySet');
  let status = null;
  if (statusLists !== null && statusLists !== undefined) {
    status = OPENED_STATUS.get(statusLists);
    if (status === undefined) throw new TypeError('statusLists must come from verifyStatusLists');
    if (status.keySet !== keySet) {
      throw new TypeError('statusLists were opened against another key set');
    }
  }
  const now = toBigInt(nowSeconds);
  if (now === null) throw new TypeError('nowSeconds must be an integer');
  const clockSkew = toBigInt(policy?.clockSkew ?? DEFAULT_POLICY.clockSkew);
  const maxAge = toBigInt(policy?.maxAge ?? DEFAULT_POLICY.maxAge);
  if (clockSkew === null || maxAge === null) {
    throw new TypeError('policy.clockSkew and policy.maxAge must be integers');
  }

  // 0. The key set's age and staleness, and the clock warning for it: with every verdict.
  const verdict = {
    outcome: null,
    reason: null,
    valid: false,
    card: null,
    kid: null,
    keySetAge: documentAge(keys.issuedAt, keys.nextUpdate, now, maxAge),
    statusListAge: null,
    clockWarning: now + clockSkew < keys.issuedAt ? 'behind_issuer' : null,
  };
  let reason;
  try {
    reason = await check(typeof text === 'string' ? text : null, keys, status, now, clockSkew,
      maxAge, verdict);
  } catch {
    // Not reached by any input known to the tests; a failure is never a pass.
    reason = verdict.card === null ? 'malformed' : 'bad_signature';
  }
  verdict.reason = reason;
  verdict.outcome = REASONS[reason];
  verdict.valid = reason === 'valid';
  return Object.freeze(verdict);
}

async function check(text, keys, status, now, clockSkew, maxAge, verdict) {
  if (text === null) return 'not_a_card';
  // 1. Decode.
  const card = decodeCard(text);
  if (card instanceof DecodeFailure) return card.reason;
  verdict.card = Object.freeze(card.claims);
  verdict.kid = card.kid;
  const claims = card.claims;
  const validFrom = BigInt(claims.valid_from);
  const validUntil = BigInt(claims.valid_until);

  // 2. Key lookup.
  const entry = keys.entries.get(card.kid);
  if (entry === undefined) return 'unknown_key';
  // 3. Signature (strict).
  if (!(await verifyStrict(entry.cryptoKey, card.signature, card.signingInput))) {
    return 'bad_signature';
  }
  // 4. Key permission.
  if (entry.municipality !== card.municipality || !maySignAt(entry, validFrom)) {
    return 'key_not_allowed';
  }
  // 5. Status lookup.
  const list = status === null ? undefined : status.byMunicipality.get(card.municipality);
  let state = null;
  if (list !== undefined) {
    verdict.statusListAge = documentAge(list.issuedAt, list.nextUpdate, now, maxAge);
    if (now + clockSkew < list.issuedAt) verdict.clockWarning = 'behind_issuer';
    state = stateAt(list, claims.status_index);
  }
  // 6. A revocation is final: it counts even in a stale list, for a stale key set or an
  // expired card.
  if (state === 'revoked') return 'revoked';
  // 7., 8. Dates, with the skew.
  if (now + clockSkew < validFrom) return 'not_yet_valid';
  if (now - clockSkew > validUntil) return 'expired';
  // 9.
  if (verdict.keySetAge.stale) return 'key_set_stale';
  // 10. Only when a bundle was given (even an empty one).
  if (status !== null) {
    if (verdict.statusListAge !== null && verdict.statusListAge.stale) return 'status_list_stale';
    if (state === null) return 'status_unknown';
    if (state === 'suspended') return 'suspended';
  }
  // 11.
  return 'valid';
}
