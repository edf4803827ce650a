// verify.js: verifying a scanned card offline, the reason codes with their outcomes, and the
// default policy (docs/card-format.md, "Verification" and "Reasons"). The order of the checks is
// part of the format.
//
// Part of the kartu browser verifier (static/verify/); its one public entry point is
// static/kartu-verify.js. The Rust counterpart is crates/card/src/verify.rs.

import { clampI64, num, toBigInt } from './bytes.js';
import { verifyStrict } from './keys.js';
import { maySignAt, openedKeySet } from './keyset.js';
import { openedStatusLists, stateAt } from './status_list.js';
import { DecodeFailure, decodeCard } from './card.js';

// ---------------------------------------------------------------------------------------------
// Reasons

/** Every reason code, and its outcome ("Reasons"). */
export const REASONS = Object.freeze({
  valid: 'valid',
  not_a_card: 'invalid',
  unsupported_version: 'invalid',
  malformed: 'invalid',
  unknown_key: 'invalid',
  key_not_allowed: 'invalid',
  bad_signature: 'invalid',
  not_yet_valid: 'invalid',
  expired: 'invalid',
  revoked: 'invalid',
  suspended: 'invalid',
  key_set_stale: 'cannot_confirm',
  status_list_stale: 'cannot_confirm',
  status_unknown: 'cannot_confirm',
});

/** The outcome ('valid', 'invalid' or 'cannot_confirm') of a reason code. */
export function outcomeOf(reason) {
  const outcome = Object.prototype.hasOwnProperty.call(REASONS, reason) ? REASONS[reason] : null;
  if (outcome === null) throw new TypeError(`unknown reason code ${String(reason)}`);
  return outcome;
}

export const DEFAULT_POLICY = Object.freeze({ clockSkew: 300, maxAge: 259200 });

// ---------------------------------------------------------------------------------------------
// Verification ("Verification")

function documentAge(issuedAt, nextUpdate, now, maxAge) {
  return Object.freeze({
    issued_at: num(issuedAt),
    next_update: num(nextUpdate),
    age_seconds: num(clampI64(now - issuedAt)),
    stale: now > nextUpdate + maxAge,
  });
}

/**
 * Verifies a scanned card text offline.
 *
 * keySet: from verifyKeySet. statusLists: from verifyStatusLists with the same key set, or null
 * for "no bundle at all" (then no revocation check is made, as the format says). nowSeconds: the
 * device clock, Unix seconds (Number or BigInt). policy: {clockSkew, maxAge} in seconds.
 *
 * Returns {outcome, reason, valid, card, kid, keySetAge, statusListAge, clockWarning}. Never
 * throws for any text; throws TypeError only when the other arguments are not what they must be.
 */
export async function verifyCard(text, keySet, statusLists, nowSeconds, policy = DEFAULT_POLICY) {
  const keys = openedKeySet(keySet);
  if (keys === undefined) throw new TypeError('keySet must come from verifyKeySet');
  let status = null;
  if (statusLists !== null && statusLists !== undefined) {
    status = openedStatusLists(statusLists);
    if (status === undefined) throw new TypeError('statusLists must come from verifyStatusLists');
    if (status.keySet !== keySet) {
      throw new TypeError('statusLists were opened against another key set');
    }
  }
  const now = toBigInt(nowSeconds);
  if (now === null) throw new TypeError('nowSeconds must be an integer');
  const clockSkew = toBigInt(policy?.clockSkew ?? DEFAULT_POLICY.clockSkew);
  const maxAge = toBigInt(policy?.maxAge ?? DEFAULT_POLICY.maxAge);
  if (clockSkew === null || maxAge === null) {
    throw new TypeError('policy.clockSkew and policy.maxAge must be integers');
  }

  // 0. The key set's age and staleness, and the clock warning for it: with every verdict.
  const verdict = {
    outcome: null,
    reason: null,
    valid: false,
    card: null,
    kid: null,
    keySetAge: documentAge(keys.issuedAt, keys.nextUpdate, now, maxAge),
    statusListAge: null,
    clockWarning: now + clockSkew < keys.issuedAt ? 'behind_issuer' : null,
  };
  let reason;
  try {
    reason = await check(typeof text === 'string' ? text : null, keys, status, now, clockSkew,
      maxAge, verdict);
  } catch {
    // Not reached by any input known to the tests; a failure is never a pass.
    reason = verdict.card === null ? 'malformed' : 'bad_signature';
  }
  verdict.reason = reason;
  verdict.outcome = REASONS[reason];
  verdict.valid = reason === 'valid';
  return Object.freeze(verdict);
}

async function check(text, keys, status, now, clockSkew, maxAge, verdict) {
  if (text === null) return 'not_a_card';
  // 1. Decode.
  const card = decodeCard(text);
  if (card instanceof DecodeFailure) return card.reason;
  verdict.card = Object.freeze(card.claims);
  verdict.kid = card.kid;
  const claims = card.claims;
  const validFrom = BigInt(claims.valid_from);
  const validUntil = BigInt(claims.valid_until);

  // 2. Key lookup.
  const entry = keys.entries.get(card.kid);
  if (entry === undefined) return 'unknown_key';
  // 3. Signature (strict).
  if (!(await verifyStrict(entry.cryptoKey, card.signature, card.signingInput))) {
    return 'bad_signature';
  }
  // 4. Key permission.
  if (entry.municipality !== card.municipality || !maySignAt(entry, validFrom)) {
    return 'key_not_allowed';
  }
  // 5. Status lookup.
  const list = status === null ? undefined : status.byMunicipality.get(card.municipality);
  let state = null;
  if (list !== undefined) {
    verdict.statusListAge = documentAge(list.issuedAt, list.nextUpdate, now, maxAge);
    if (now + clockSkew < list.issuedAt) verdict.clockWarning = 'behind_issuer';
    state = stateAt(list, claims.status_index);
  }
  // 6. A revocation is final: it counts even in a stale list, for a stale key set or an
  // expired card.
  if (state === 'revoked') return 'revoked';
  // 7., 8. Dates, with the skew.
  if (now + clockSkew < validFrom) return 'not_yet_valid';
  if (now - clockSkew > validUntil) return 'expired';
  // 9.
  if (verdict.keySetAge.stale) return 'key_set_stale';
  // 10. Only when a bundle was given (even an empty one).
  if (status !== null) {
    if (verdict.statusListAge !== null && verdict.statusListAge.stale) return 'status_list_stale';
    if (state === null) return 'status_unknown';
    if (state === 'suspended') return 'suspended';
  }
  // 11.
  return 'valid';
}
