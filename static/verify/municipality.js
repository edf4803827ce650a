// municipality.js: the three issuing municipalities with their wire values and countries, and
// the holder's role (docs/card-format.md, "Conventions"). The wire values are part of the format
// and are never renumbered.
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/municipality.rs.

import { refuse } from './error.js';
import { str } from './json.js';

// Municipalities: code, wire value, country ("Conventions").
export const MUNICIPALITIES = Object.freeze({
  ALY: Object.freeze({ code: 'ALY', wire: 1, country: 'LT' }),
  VAR: Object.freeze({ code: 'VAR', wire: 2, country: 'LT' }),
  ELK: Object.freeze({ code: 'ELK', wire: 3, country: 'PL' }),
});
export const MUNICIPALITY_BY_WIRE = Object.freeze({ 1: 'ALY', 2: 'VAR', 3: 'ELK' });
export const ROLE_BY_WIRE = Object.freeze({ 1: 'parent', 2: 'child' });

// Producers write the code in upper case; this verifier is strict there (the format allows it).
export function municipalityCode(v, what) {
  const s = str(v, what);
  if (!Object.prototype.hasOwnProperty.call(MUNICIPALITIES, s)) {
    refuse(`${what} must be ALY, VAR or ELK`);
  }
  return s;
}
