// card.js: reading a card, the QR text and the card bytes in it, into its claims, key id, signing
// input and signature (docs/card-format.md, "QR text" and "Card bytes"). Nothing is checked
// against a key here; verify.js does that.
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/card.rs.

import { ascii, concat, decodeBase64url, decodeUtf8, hex, trimWhiteSpace } from './bytes.js';
import { SIGNATURE_LEN } from './keys.js';
import { MUNICIPALITY_BY_WIRE, ROLE_BY_WIRE } from './municipality.js';
import { formatCardNumber, MAX_FAMILY, MAX_MEMBER, MAX_SEQUENCE } from './card_number.js';
import { normalizeName } from './name.js';

const CARD_VERSION = 1;
const PREFIX = 'KARTU1:';
const MAX_BODY_CHARS = 512;
const HEADER_LEN = 30;
const CARD_CONTEXT = ascii('KARTU-CARD\0');

// ---------------------------------------------------------------------------------------------
// Reading a card ("QR text", "Card bytes")

export class DecodeFailure {
  constructor(reason) {
    this.reason = reason;
  }
}

/**
 * Reads a QR text. Returns {kid, municipality, claims, signingInput, signature}, or a
 * DecodeFailure with reason not_a_card, unsupported_version or malformed.
 */
export function decodeCard(text) {
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
