// keys.js: Ed25519 public keys and signatures as strict as the format requires, and key ids
// (docs/card-format.md, "Signature", "Key ids" and "Notes for a WebCrypto verifier").
//
// WebCrypto's Ed25519 is not strict in every engine (Chromium's accepts a small-order R), so the
// strict rules of ed25519-dalek's verify_strict that the format requires are checked here too:
// S < L, R not one of the eight small-order encodings, public keys canonical, on the curve and not
// of small order.
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/keys.rs.

import { refuse } from './error.js';
import { ascii, concat, hex } from './bytes.js';
import { str } from './json.js';

export const SIGNATURE_LEN = 64;

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
export async function importPublicKey(bytes, what) {
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
export async function verifyStrict(cryptoKey, signature, message) {
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

const KID_CONTEXT = ascii('KARTU-KID\0');
const ANCHOR_CONTEXT = ascii('KARTU-ANCHOR\0');

export async function deriveKid(municipality, notBefore, notAfter, publicKey) {
  const input = new Uint8Array(61);
  input.set(KID_CONTEXT, 0);
  input.set(ascii(municipality), 10);
  const view = new DataView(input.buffer);
  view.setBigInt64(13, notBefore, false);
  view.setBigInt64(21, notAfter, false);
  input.set(publicKey, 29);
  return hex((await sha256(input)).subarray(0, 8));
}

export async function deriveAnchorKid(publicKey) {
  return hex((await sha256(concat(ANCHOR_CONTEXT, publicKey))).subarray(0, 8));
}

// A key id as documents write it.
export function kidHex(v, what) {
  const s = str(v, what);
  if (!/^[0-9a-f]{16}$/.test(s)) refuse(`${what} must be 16 lower-case hex digits`);
  return s;
}
