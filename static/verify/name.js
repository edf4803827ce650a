// name.js: the holder's name, its normal form and the rules a card's name meets, and its ASCII
// transliteration for comparing with an identity document (docs/card-format.md, "Holder name"
// and "Transliteration").
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/name.rs.

import { utf8Length } from './bytes.js';

const MAX_NAME_CHARS = 64;
const MAX_NAME_BYTES = 255;

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
