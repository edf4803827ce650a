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
// This file is the verifier's one public entry point; import from it, not from the modules
// behind it. The code lives in static/verify/, one ES module for each area of the Rust crate
// (crates/card/src/), each naming the section of docs/card-format.md it implements:
//
//   verify/error.js         KartuDocumentError, thrown when a document is refused
//   verify/bytes.js         bytes, text and integer helpers; strict base64url ("Conventions")
//   verify/json.js          strict JSON and closed-object readers ("Signed documents")
//   verify/municipality.js  municipalities, wire values, countries, roles ("Conventions")
//   verify/keys.js          strict Ed25519 and key ids ("Signature", "Key ids")
//   verify/document.js      the signed envelope {payload, signature} ("Signed documents")
//   verify/keyset.js        verifyKeySet ("Key set")
//   verify/status_list.js   verifyStatusLists, zlib inflate, states ("Status lists")
//   verify/card_number.js   formatCardNumber, the Damm check digit ("Card number")
//   verify/name.js          normalizeName, transliterate ("Holder name", "Transliteration")
//   verify/card.js          reading the QR text and card bytes ("QR text", "Card bytes")
//   verify/verify.js        verifyCard, REASONS, outcomeOf, DEFAULT_POLICY ("Verification")
//
// WebCrypto's Ed25519 is not strict in every engine, so verify/keys.js checks the format's strict
// rules itself (see there).
//
// Imports are relative, so the files work wherever they are served together (/static/ in the
// service, tests/browser_vectors.rs's server in the test), with no build step.

export { KartuDocumentError } from './verify/error.js';
export { decodeBase64url } from './verify/bytes.js';
export { verifyKeySet } from './verify/keyset.js';
export { verifyStatusLists } from './verify/status_list.js';
export { formatCardNumber } from './verify/card_number.js';
export { normalizeName, transliterate } from './verify/name.js';
export { DEFAULT_POLICY, REASONS, outcomeOf, verifyCard } from './verify/verify.js';
