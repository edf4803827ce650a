// bytes.js: small byte, text and integer helpers, and strict base64url (docs/card-format.md,
// "Conventions"; "Notes for a WebCrypto verifier" for the trimming of white space).
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust crate has no such module: it uses the base64 crate's strict
// decoder and str::trim.

// ---------------------------------------------------------------------------------------------
// Small helpers

export const ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));

export const U32_MAX = 0xffffffffn;
export const I64_MIN = -(1n << 63n);
export const I64_MAX = (1n << 63n) - 1n;

export function hex(bytes) {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const utf8Encoder = new TextEncoder();

export function utf8Length(text) {
  return utf8Encoder.encode(text).length;
}

// ignoreBOM: a leading U+FEFF is data, not a byte order mark to drop (the reference keeps it, and
// then refuses it: it is not a letter, and it is not JSON white space).
export function decodeUtf8(bytes) {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

const WHITE_SPACE = /^\p{White_Space}$/u;

/**
 * Removes leading and trailing Unicode White_Space (not U+FEFF, which String.prototype.trim would
 * also remove). A loop rather than /^\s+|\s+$/, which takes quadratic time on long runs of
 * white space inside a text. Every White_Space character is a single UTF-16 unit.
 */
export function trimWhiteSpace(text) {
  let start = 0;
  let end = text.length;
  while (start < end && WHITE_SPACE.test(text[start])) start++;
  while (end > start && WHITE_SPACE.test(text[end - 1])) end--;
  return text.slice(start, end);
}

/** BigInt from a Number or BigInt that is an integer; null otherwise. */
export function toBigInt(value) {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return null;
}

/** A BigInt as a Number for reporting (exact for every time of interest). */
export function num(big) {
  return Number(big);
}

export function clampI64(big) {
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
