// error.js: the error of a refused document. verifyKeySet and verifyStatusLists throw a
// KartuDocumentError when a key set, status bundle or status list must not be used; a refused
// document is not a verdict (keep the one you had). docs/card-format.md says when a document is
// refused: "Signed documents", "Key set" and "Status lists".
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/error.rs.

/** A key set, status bundle or status list that must not be used. */
export class KartuDocumentError extends Error {
  constructor(message) {
    super(message);
    this.name = 'KartuDocumentError';
  }
}

export function refuse(message) {
  throw new KartuDocumentError(message);
}
