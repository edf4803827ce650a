// json.js: strict JSON for the signed documents' payloads, and the readers of their closed
// objects (docs/card-format.md, "Conventions" for integers, "Signed documents" for closed
// objects and duplicate members, "Notes for a WebCrypto verifier" on JSON.parse).
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust crate has no such module: it reads the documents with
// serde_json and #[serde(deny_unknown_fields)].

import { refuse } from './error.js';
import { I64_MAX, I64_MIN, U32_MAX } from './bytes.js';

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

export function parseStrictJson(text) {
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

export function closedObject(v, what, required, optional = []) {
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

export function str(v, what) {
  if (typeof v !== 'string') refuse(`${what} must be a string`);
  return v;
}

function integer(v, what, min, max) {
  if (!(v instanceof JsonNumber) || !v.isInteger) refuse(`${what} must be an integer`);
  const n = BigInt(v.text);
  if (n < min || n > max) refuse(`${what} is out of range`);
  return n;
}

export const u32 = (v, what) => integer(v, what, 0n, U32_MAX);
export const i64 = (v, what) => integer(v, what, I64_MIN, I64_MAX);
