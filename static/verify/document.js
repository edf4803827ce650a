// document.js: the envelope of every signed document, {"payload", "signature"}, and the size
// limit of a document's text (docs/card-format.md, "Signed documents"). The signature covers the
// exact payload bytes, so nothing here canonicalises JSON: the caller checks the signature over
// the bytes, then parses those same bytes.
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/document.rs.

import { refuse } from './error.js';
import { decodeBase64url, decodeUtf8, utf8Length } from './bytes.js';
import { closedObject, parseStrictJson, str } from './json.js';
import { SIGNATURE_LEN } from './keys.js';

const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

export function documentText(json, what) {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  if (typeof text !== 'string') refuse(`${what} is not a JSON text`);
  // UTF-8 is never shorter than UTF-16, so the cheap test first.
  if (text.length > MAX_DOCUMENT_BYTES || utf8Length(text) > MAX_DOCUMENT_BYTES) {
    refuse(`${what} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  return text;
}

/** The envelope {payload, signature} ("Signed documents"), decoded but not yet checked. */
export function readEnvelope(value, what) {
  const env = closedObject(value, what, ['payload', 'signature']);
  const payload = decodeBase64url(str(env.payload, `${what} payload`));
  if (payload === null) refuse(`${what} payload is not strict base64url`);
  const signature = decodeBase64url(str(env.signature, `${what} signature`));
  if (signature === null) refuse(`${what} signature is not strict base64url`);
  if (signature.length !== SIGNATURE_LEN) refuse(`${what} signature must be 64 bytes`);
  return { payload, signature };
}

export function parsePayload(bytes, what) {
  let text;
  try {
    text = decodeUtf8(bytes);
  } catch {
    refuse(`${what} payload is not UTF-8`);
  }
  return parseStrictJson(text);
}
