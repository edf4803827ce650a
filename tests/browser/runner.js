// The in-browser half of tests/browser_vectors.rs: runs static/kartu-verify.js over every test
// vector (served as /vectors.json by the test) and over a few extra cases whose answers the format
// fixes, and hands the raw results back. The Rust side compares them with the vectors' expected
// verdicts, so a bug here cannot make a wrong verdict pass.

import * as kv from '/static/kartu-verify.js';

const encodeBase64url = (bytes) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const errorText = (e) => (e && e.name ? `${e.name}: ${e.message}` : String(e));

function policyOf(vector) {
  return { clockSkew: vector.policy.clock_skew, maxAge: vector.policy.max_age };
}

async function openDocuments(vector) {
  const keySet = await kv.verifyKeySet(JSON.stringify(vector.key_set), vector.anchor_public_key);
  const lists =
    vector.status === null ? null : await kv.verifyStatusLists(JSON.stringify(vector.status), keySet);
  return { keySet, lists };
}

async function runVector(name, vector) {
  try {
    const { keySet, lists } = await openDocuments(vector);
    const v = await kv.verifyCard(vector.text, keySet, lists, vector.now, policyOf(vector));
    return {
      name,
      reason: v.reason,
      outcome: v.outcome,
      valid: v.valid,
      card: v.card,
      kid: v.kid,
      key_set_age: v.keySetAge,
      status_list_age: v.statusListAge,
      clock_warning: v.clockWarning,
    };
  } catch (e) {
    return { name, error: errorText(e) };
  }
}

// Extra cases: [name, async () => true | a string saying what went wrong].
function extraChecks(byName) {
  const v01 = byName['01-valid-parent-alytus'];
  const checks = [];
  const add = (name, fn) => checks.push([name, fn]);

  const reasonOf = async (vector, text, lists) => {
    const docs = await openDocuments(vector);
    const r = await kv.verifyCard(text, docs.keySet, lists === undefined ? docs.lists : lists,
      vector.now, policyOf(vector));
    return r.reason;
  };
  const expectReason = (vector, text, want) => async () => {
    const got = await reasonOf(vector, text);
    return got === want || `got ${got}, want ${want}`;
  };
  const expectRefused = (fn, message = /./) => async () => {
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof kv.KartuDocumentError)) return `threw ${errorText(e)}, not a KartuDocumentError`;
      return message.test(e.message) || `refused for another reason: ${e.message}`;
    }
    return 'accepted';
  };

  // QR text: trimming is Unicode White_Space, and U+FEFF is not white space.
  add('scanner Enter appended', expectReason(v01, `${v01.text}\r\n`, 'valid'));
  add('tabs, spaces and NBSP around', expectReason(v01, ` \t\u00a0${v01.text}\u3000`, 'valid'));
  add('leading U+FEFF is not trimmed', expectReason(v01, `\ufeff${v01.text}`, 'not_a_card'));
  add('trailing U+200B is not trimmed', expectReason(v01, `${v01.text}\u200b`, 'malformed'));
  add('KARTU10: is a version', expectReason(v01, 'KARTU10:AAAA', 'unsupported_version'));
  add('KARTU01: is a version', expectReason(v01, 'KARTU01:AAAA', 'unsupported_version'));
  add('KARTU: is not a card', expectReason(v01, 'KARTU:AAAA', 'not_a_card'));
  add('KARTUX: is not a card', expectReason(v01, 'KARTUX:AAAA', 'not_a_card'));
  add('empty KARTU1: body', expectReason(v01, 'KARTU1:', 'malformed'));
  add('body of non-ASCII letters', expectReason(v01, 'KARTU1:ąčęėįšųūž', 'malformed'));
  add('a million characters', expectReason(v01, `KARTU1:${'A'.repeat(1 << 20)}`, 'malformed'));
  add('a million spaces inside a text, in linear time', async () => {
    const started = performance.now();
    const got = await reasonOf(v01, `x${' '.repeat(1 << 20)}x`);
    const ms = performance.now() - started;
    return (got === 'not_a_card' && ms < 5000) || `got ${got} in ${Math.round(ms)} ms`;
  });
  for (const value of [undefined, null, 42, {}, ['KARTU1:']]) {
    add(`non-string text ${JSON.stringify(value)}`, async () => {
      const got = await reasonOf(v01, value);
      return got === 'not_a_card' || `got ${got}`;
    });
  }

  // Every truncation and every one-character change of a valid card is refused, and
  // verifyCard never throws.
  add('no truncated or altered text is valid, and nothing throws', async () => {
    const { keySet, lists } = await openDocuments(v01);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const texts = [];
    for (let i = 0; i < v01.text.length; i++) {
      texts.push(v01.text.slice(0, i));
      const c = v01.text[i];
      const other = alphabet[(alphabet.indexOf(c) + 1 + i) % alphabet.length];
      texts.push(v01.text.slice(0, i) + (other === c ? '!' : other) + v01.text.slice(i + 1));
    }
    const problems = [];
    for (const text of texts) {
      try {
        const r = await kv.verifyCard(text, keySet, lists, v01.now, policyOf(v01));
        if (!(r.reason in kv.REASONS) || r.outcome !== kv.REASONS[r.reason]) {
          problems.push(`${JSON.stringify(text)}: reason ${r.reason} outcome ${r.outcome}`);
        } else if (r.valid) {
          problems.push(`${JSON.stringify(text)}: valid`);
        }
      } catch (e) {
        problems.push(`${JSON.stringify(text)}: threw ${errorText(e)}`);
      }
    }
    return problems.length === 0 || problems.slice(0, 5).join('; ');
  });

  // Documents.
  const keySetText = JSON.stringify(v01.key_set);
  const otherKey = JSON.parse(new TextDecoder().decode(kv.decodeBase64url(v01.key_set.payload)))
    .keys[0].public_key;
  add('key set refused under another anchor',
    expectRefused(() => kv.verifyKeySet(keySetText, otherKey), /signature does not verify/));
  add('key set refused with an unknown envelope member', expectRefused(() =>
    kv.verifyKeySet(JSON.stringify({ ...v01.key_set, extra: 1 }), v01.anchor_public_key), /unknown member/));
  add('key set refused with a duplicate envelope member', expectRefused(() =>
    kv.verifyKeySet(`{"payload":"x",${keySetText.slice(1)}`, v01.anchor_public_key), /duplicate member/));
  const payloadBytes = kv.decodeBase64url(v01.key_set.payload);
  const shortened = encodeBase64url(payloadBytes.subarray(0, payloadBytes.length - 1));
  add('key set refused when the payload loses its last byte', expectRefused(() =>
    kv.verifyKeySet(JSON.stringify({ ...v01.key_set, payload: shortened }), v01.anchor_public_key),
    /signature does not verify/));
  add('key set refused with a padded signature', expectRefused(() =>
    kv.verifyKeySet(JSON.stringify({ ...v01.key_set, signature: `${v01.key_set.signature}==` }),
      v01.anchor_public_key), /strict base64url/));
  add('small-order anchor refused', expectRefused(() =>
    kv.verifyKeySet(keySetText, 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), /small order/));
  // y = p + 3: a non-canonical encoding of an ordinary point (the format has JS refuse it).
  add('non-canonical anchor encoding refused', expectRefused(() =>
    kv.verifyKeySet(keySetText, '8P_______________________________________38'), /canonical/));
  add('status bundle refused with the same list twice', expectRefused(async () => {
    const keySet = await kv.verifyKeySet(keySetText, v01.anchor_public_key);
    const lists = v01.status.lists;
    return kv.verifyStatusLists(JSON.stringify({ lists: [lists[0], lists[0]] }), keySet);
  }, /two lists/));
  add('status bundle refused with a duplicate member', expectRefused(async () => {
    const keySet = await kv.verifyKeySet(keySetText, v01.anchor_public_key);
    return kv.verifyStatusLists('{"lists":[],"lists":[]}', keySet);
  }, /duplicate member/));
  add('status bundle refused with a list whose signature is of another list', expectRefused(async () => {
    const keySet = await kv.verifyKeySet(keySetText, v01.anchor_public_key);
    const [a, b] = v01.status.lists;
    return kv.verifyStatusLists(JSON.stringify({ lists: [{ payload: a.payload, signature: b.signature }] }), keySet);
  }, /signature does not verify/));
  add('an empty bundle gives status_unknown', async () => {
    const keySet = await kv.verifyKeySet(keySetText, v01.anchor_public_key);
    const lists = await kv.verifyStatusLists('{"lists":[]}', keySet);
    const r = await kv.verifyCard(v01.text, keySet, lists, v01.now, policyOf(v01));
    return r.reason === 'status_unknown' || `got ${r.reason}`;
  });

  // Transliteration examples of the format.
  add('transliteration examples', async () => {
    const cases = [
      ['Žydrūnė Kazlauskienė', 'Zydrune Kazlauskiene'],
      ['Łucja Źródłowska-Żak', 'Lucja Zrodlowska-Zak'],
      ['Jürgen Groß', 'Juergen Gross'],
      ['Ωmega', '?mega'],
      ['O’Brien', "O'Brien"],
    ];
    const bad = cases.filter(([name, want]) => kv.transliterate(name) !== want);
    return bad.length === 0 || bad.map(([n, w]) => `${n} -> ${kv.transliterate(n)}, want ${w}`).join('; ');
  });
  return checks;
}

// Documents signed here, with keys made here, for the rules no vector shows: each case's answer
// is the one docs/card-format.md gives ('REFUSED' when the key set or bundle must be refused).
async function forgedChecks() {
  const enc = new TextEncoder();
  const cat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const sha8 = async (bytes) =>
    toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)).subarray(0, 8));
  const newKey = async () => {
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
    return { pair, raw: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)) };
  };
  const signWith = async (key, bytes) =>
    new Uint8Array(await crypto.subtle.sign('Ed25519', key.pair.privateKey, bytes));
  const envelope = async (context, key, payloadText) => {
    const payload = enc.encode(payloadText);
    const signature = await signWith(key, cat(enc.encode(context), payload));
    return `{"payload":"${encodeBase64url(payload)}","signature":"${encodeBase64url(signature)}"}`;
  };
  const kidOf = async (municipality, notBefore, notAfter, raw) => {
    const head = new Uint8Array(29);
    head.set(enc.encode('KARTU-KID\0'));
    head.set(enc.encode(municipality), 10);
    new DataView(head.buffer).setBigInt64(13, BigInt(notBefore));
    new DataView(head.buffer).setBigInt64(21, BigInt(notAfter));
    return sha8(cat(head, raw));
  };
  const deflate = async (bytes) => {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  };
  const packed = (size, states = {}) => {
    const out = new Uint8Array(Math.ceil(size / 4));
    for (const [i, state] of Object.entries(states)) out[i >> 2] |= state << (6 - 2 * (i & 3));
    return out;
  };

  const NOW = 1767225600;
  const NB = 1751328000;
  const NA = 1782864000;
  const anchor = await newKey();
  const aly = await newKey();
  const anchorKid = await sha8(cat(enc.encode('KARTU-ANCHOR\0'), anchor.raw));
  const alyKid = await kidOf('ALY', NB, NA, aly.raw);
  const entry = async ({ municipality = 'ALY', written = municipality, raw = aly.raw, extra = '' } = {}) =>
    `{"kid":"${await kidOf(municipality, NB, NA, raw)}","municipality":"${written}","country":"LT",` +
    `"public_key":"${encodeBase64url(raw)}","not_before":${NB},"not_after":${NA}${extra}}`;
  const keySet = async ({ version = '1', keys, tail = '' } = {}) =>
    envelope('KARTU-KEYSET\0', anchor,
      `{"type":"kartu-keyset","version":${version},"anchor":"${anchorKid}","issued_at":1767139200,` +
      `"next_update":1767744000,"keys":[${keys ?? (await entry())}]${tail}}`);
  const list = async ({ municipality = 'ALY', issued = NOW - 3600, size = 1000, zlib } = {}) => {
    const compressed = zlib ?? (await deflate(packed(size)));
    return `{"lists":[${await envelope('KARTU-STATUS\0', aly,
      `{"type":"kartu-status","version":1,"municipality":"${municipality}","kid":"${alyKid}",` +
      `"issued_at":${issued},"next_update":${issued + 86400},"size":${size},"encoding":"zlib",` +
      `"list":"${encodeBase64url(compressed)}"}`)}]}`;
  };
  const card = async (name = 'Jonas Petraitis') => {
    const nameBytes = typeof name === 'string' ? enc.encode(name) : name;
    const body = new Uint8Array(30 + nameBytes.length);
    const view = new DataView(body.buffer);
    body[0] = 1;
    body.set(Uint8Array.from(alyKid.match(/../g), (h) => parseInt(h, 16)), 1);
    body[9] = 1;
    body[10] = 1;
    view.setUint32(11, 4217);
    body[15] = 3;
    body[16] = 1;
    view.setUint32(17, 1756684800);
    view.setUint32(21, 1819756800);
    view.setUint32(25, 17);
    body[29] = nameBytes.length;
    body.set(nameBytes, 30);
    const signature = await signWith(aly, cat(enc.encode('KARTU-CARD\0'), body));
    return `KARTU1:${encodeBase64url(cat(body, signature))}`;
  };
  const anchorB64 = encodeBase64url(anchor.raw);
  const verdict = async (keySetText, bundleText, text) => {
    let ks;
    let lists = null;
    try {
      ks = await kv.verifyKeySet(keySetText, anchorB64);
      if (bundleText !== null) lists = await kv.verifyStatusLists(bundleText, ks);
    } catch (e) {
      if (e instanceof kv.KartuDocumentError) return 'REFUSED';
      throw e;
    }
    return (await kv.verifyCard(text, ks, lists, NOW)).reason;
  };

  const smallOrder = new Uint8Array(32);
  smallOrder[0] = 1;
  // p + 3: a non-canonical encoding of an ordinary point (y = 3).
  const nonCanonical = kv.decodeBase64url('8P_______________________________________38');
  const good = await deflate(packed(1000));
  const withTrailingByte = cat(good, new Uint8Array([0]));
  const badAdler = Uint8Array.from(good);
  badAdler[badAdler.length - 1] ^= 1;
  const raw = new Uint8Array(await new Response(new Blob([packed(1000)]).stream()
    .pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());

  const ks = await keySet();
  const bundle = await list();
  const cases = [
    ['signed here: valid', ks, bundle, await card(), 'valid'],
    ['signed here: no bundle', ks, null, await card(), 'valid'],
    ['key set version 1.0', await keySet({ version: '1.0' }), null, await card(), 'REFUSED'],
    ['key set duplicate member', await keySet({ tail: ',"keys":[]' }), null, await card(), 'REFUSED'],
    ['key set unknown member', await keySet({ tail: ',"x":null' }), null, await card(), 'REFUSED'],
    ['key municipality in lower case (strict here)',
      await keySet({ keys: await entry({ written: 'aly' }) }), null, await card(), 'REFUSED'],
    ['retired_at null is not retired',
      await keySet({ keys: await entry({ extra: ',"retired_at":null' }) }), null, await card(), 'valid'],
    ['small-order public key',
      await keySet({ keys: await entry({ raw: smallOrder }) }), null, await card(), 'REFUSED'],
    ['non-canonical public key',
      await keySet({ keys: `${await entry()},${await entry({ municipality: 'VAR', raw: nonCanonical })}` }),
      null, await card(), 'REFUSED'],
    ['status list with a byte after the zlib stream', ks, await list({ zlib: withTrailingByte }),
      await card(), 'REFUSED'],
    ['status list with a broken Adler-32', ks, await list({ zlib: badAdler }), await card(), 'REFUSED'],
    ['status list as raw deflate', ks, await list({ zlib: raw }), await card(), 'REFUSED'],
    ['status list inflating longer', ks, await list({ zlib: await deflate(packed(1004)) }),
      await card(), 'REFUSED'],
    ['status list inflating shorter', ks, await list({ zlib: await deflate(packed(996)) }),
      await card(), 'REFUSED'],
    ['status list with state 3', ks, await list({ zlib: await deflate(packed(1000, { 5: 3 })) }),
      await card(), 'REFUSED'],
    ['status list with bits past its end',
      ks, await list({ size: 999, zlib: await deflate(packed(1000, { 999: 1 })) }), await card(), 'REFUSED'],
    ['status list of size 0', ks, await list({ size: 0, zlib: await deflate(new Uint8Array(0)) }),
      await card(), 'REFUSED'],
    ['status list issued before its key', ks, await list({ issued: NB - 1 }), await card(), 'REFUSED'],
    // A key signs lists only within its window (and until it is retired).
    ['status list issued after its key window', ks, await list({ issued: NA + 1 }), await card(),
      'REFUSED'],
    ['status list revoked', ks, await list({ zlib: await deflate(packed(1000, { 17: 1 })) }),
      await card(), 'revoked'],
    ['status list suspended', ks, await list({ zlib: await deflate(packed(1000, { 17: 2 })) }),
      await card(), 'suspended'],
    ['name with a leading U+FEFF', ks, bundle, await card('\ufeffJonas'), 'malformed'],
    ['name with NBSP', ks, bundle, await card('Jonas\u00a0Petraitis'), 'malformed'],
    ['name with a trailing space', ks, bundle, await card('Jonas '), 'malformed'],
    ['name with a digit', ks, bundle, await card('Jonas 2'), 'malformed'],
    ['name of a full stop', ks, bundle, await card('.'), 'malformed'],
    ['name of 65 letters', ks, bundle, await card('a'.repeat(65)), 'malformed'],
    ['name with a lone combining mark', ks, bundle, await card('\u0301'), 'malformed'],
    ['name with a stable combining mark', ks, bundle, await card('q\u0301'), 'valid'],
    ['name in invalid UTF-8', ks, bundle, await card(new Uint8Array([0x4a, 0xc3])), 'malformed'],
    ['name in overlong UTF-8', ks, bundle, await card(new Uint8Array([0x4a, 0xc0, 0x80])), 'malformed'],
    ['name with an encoded surrogate', ks, bundle,
      await card(new Uint8Array([0x4a, 0xed, 0xa0, 0x80])), 'malformed'],
    ['name of 63 four-byte letters', ks, bundle, await card('\u{1d400}'.repeat(63)), 'valid'],
    ['name with U+2019', ks, bundle, await card('O\u2019Brien'), 'valid'],
  ];
  const out = [];
  for (const [name, keySetText, bundleText, text, want] of cases) {
    out.push([`forged: ${name}`, async () => {
      const got = await verdict(keySetText, bundleText, text);
      return got === want || `got ${got}, want ${want}`;
    }]);
  }
  return out;
}

// Does WebCrypto alone (no extra strict checks) accept vector 33's small-order-R signature?
// Reported, not asserted: it shows why the extra checks are there.
async function webCryptoAloneOn(vector) {
  try {
    const bytes = kv.decodeBase64url(vector.text.slice('KARTU1:'.length));
    const kid = Array.from(bytes.subarray(1, 9), (b) => b.toString(16).padStart(2, '0')).join('');
    const keySet = await kv.verifyKeySet(JSON.stringify(vector.key_set), vector.anchor_public_key);
    const entry = keySet.keys.find((k) => k.kid === kid);
    const key = await crypto.subtle.importKey('raw', kv.decodeBase64url(entry.public_key),
      { name: 'Ed25519' }, false, ['verify']);
    const context = new TextEncoder().encode('KARTU-CARD\0');
    const signed = bytes.subarray(0, bytes.length - 64);
    const input = new Uint8Array(context.length + signed.length);
    input.set(context);
    input.set(signed, context.length);
    return await crypto.subtle.verify('Ed25519', key, bytes.subarray(bytes.length - 64), input);
  } catch (e) {
    return errorText(e);
  }
}

window.runVectors = async function runVectors() {
  const started = performance.now();
  const response = await fetch('/vectors.json', { cache: 'no-store' });
  const vectors = await response.json(); // [[name, vector], ...]
  const byName = Object.fromEntries(vectors);
  const results = [];
  for (const [name, vector] of vectors) results.push(await runVector(name, vector));
  const checks = [];
  for (const [name, fn] of [...extraChecks(byName), ...(await forgedChecks())]) {
    let outcome;
    try {
      outcome = await fn();
    } catch (e) {
      outcome = `threw ${errorText(e)}`;
    }
    checks.push({ name, ok: outcome === true, detail: outcome === true ? null : String(outcome) });
  }
  const v33 = byName['33-bad-signature-small-order-r'];
  return {
    user_agent: navigator.userAgent,
    secure_context: window.isSecureContext,
    results,
    checks,
    webcrypto_alone_accepts_vector_33: v33 ? await webCryptoAloneOn(v33) : null,
    milliseconds: Math.round(performance.now() - started),
  };
};

window.kartuRunnerReady = true;
document.body.dataset.ready = 'true';
