// card_number.js: the printed card number, e.g. ALY-004217-03-01-7, whose Damm check digit covers
// the municipality's wire digit and the ten number digits (docs/card-format.md, "Card number").
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/card_number.rs.

import { MUNICIPALITIES } from './municipality.js';

export const MAX_FAMILY = 999999;
export const MAX_MEMBER = 99;
export const MAX_SEQUENCE = 99;

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
