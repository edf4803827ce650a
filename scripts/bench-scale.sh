#!/usr/bin/env bash
# National scale on PostgreSQL; docs/benchmarks.md ("National scale") records the figures.
# Run from anywhere: `bash scripts/bench-scale.sh` (CARDS=5000000 by default, about 20 minutes).
# Needs curl, jq, python3, psql and a server that PG_ADMIN_URL reaches with the right to create
# databases (and to disable triggers: a superuser, as in CI).
#
# 1. A fresh database, migrated, with the development keys of a first start (whose start-up
#    time and peak RSS are the empty baseline).
# 2. Fills it through SQL, not the API: CARDS / 5 families of two parents and three children,
#    one card each, spread over the three municipalities; status indexes scattered over each
#    municipality's list (an odd multiplier modulo the list size, a bijection); 1 % of the
#    cards revoked at random. The status_log triggers are off during the fill (they would log
#    every row) and on again after it.
# 3. The baseline: the search query before the family_search migration, timed in the database
#    (EXPLAIN ANALYZE) while the migration's indexes are dropped; then the indexes are built
#    again and their build time noted.
# 4. Start-up time (to "kartu listening on") and peak RSS (VmHWM), START_RUNS times.
# 5. Through the API, one request at a time: family search by name (part of a surname or first
#    name), by reference and by card number, card and family reads (p50/p99), then issuance
#    (examples/issue_load), and the sizes of the published documents.
#
# Everything it starts is stopped and the database dropped on exit (KEEP_DB=1 keeps it).
set -euo pipefail

CARDS=${CARDS:-5000000}
START_RUNS=${START_RUNS:-3}
SEARCHES=${SEARCHES:-300}          # per kind
READS=${READS:-500}
BASELINE_QUERIES=${BASELINE_QUERIES:-5}
ISSUE_FAMILIES=${ISSUE_FAMILIES:-300}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
KEEP_DB=${KEEP_DB:-0}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release
for tool in curl jq python3 psql; do
  command -v "$tool" >/dev/null || { echo "bench-scale: $tool is missing" >&2; exit 2; }
done
(( CARDS % 5 == 0 )) || { echo "bench-scale: CARDS must be a multiple of 5 (five members a family)" >&2; exit 2; }
FAMILIES=$(( CARDS / 5 ))

TMP=$(mktemp -d /tmp/kartu-scale.XXXXXX)
DB=kartu_scale_$$
URL=${PG_ADMIN_URL%/*}/$DB
SERVICE_PID=

cleanup() {
  [[ -n $SERVICE_PID ]] && { kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; }
  if [[ $KEEP_DB != 1 ]]; then
    psql "$PG_ADMIN_URL" -qAtc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  else
    echo "bench-scale: kept $URL and $TMP"
  fi
  [[ $KEEP_DB == 1 ]] || rm -rf "$TMP"
}
trap cleanup EXIT

say() { echo "bench-scale: $*" >&2; }
sql() { psql "$URL" -qAt -v ON_ERROR_STOP=1 "$@"; }

say "building the release binary and the issuance load"
cargo build -q --release --bin kartu --example issue_load

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_service: starts kartu serve on the database and waits for its "listening" line; sets
# START_S (seconds since the exec), START_RSS (VmHWM then, KiB), SERVICE_PID and SERVICE_URL.
start_service() {
  local port log=$TMP/serve.log started line i
  port=$(free_port)
  : >"$log"
  started=$(date +%s.%N)
  KARTU_LOG=warn "$BIN/kartu" serve --listen "127.0.0.1:$port" --database-url "$URL" \
    --keys-dir "$TMP/keys" --workers 2 --verify-rate-per-minute 0 >"$log" 2>&1 &
  SERVICE_PID=$!
  SERVICE_URL="http://127.0.0.1:$port"
  for i in $(seq 1 6000); do
    if grep -q '^kartu listening on' "$log"; then
      START_S=$(python3 -c "print(f'{$(date +%s.%N) - $started:.2f}')")
      START_RSS=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVICE_PID/status")
      return 0
    fi
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$log" >&2; say "kartu serve stopped"; return 1; }
    sleep 0.01
  done
  say "kartu serve did not start"; return 1
}
# The signing key of each municipality, from the ring the first start made: {"ALY": kid, …}.
keys_json() {
  jq -c '[.keys[] | select(.retired_at == null) | {(.key.municipality): .key.kid}] | add' \
    "$TMP/keys/ring.json"
}
stop_service() {
  kill "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=
}

psql "$PG_ADMIN_URL" -qAtc "CREATE DATABASE $DB" >/dev/null
"$BIN/kartu" migrate --database-url "$URL" >/dev/null
start_service
empty_s=$START_S empty_rss=$START_RSS
kids=$(keys_json)
stop_service
say "empty database: start-up ${empty_s} s, peak RSS ${empty_rss} KiB; keys $kids"
kid() { jq -r --arg m "$1" '.[$m]' <<<"$kids"; }

say "filling $FAMILIES families, $CARDS members and $CARDS cards"
fill_started=$(date +%s)
sql <<SQL
\set ON_ERROR_STOP 1
ALTER TABLE cards DISABLE TRIGGER USER;
-- The migration's search indexes go for the baseline; step 3 builds them again.
DROP INDEX members_name_trgm;
DROP INDEX families_reference_prefix;
DROP INDEX families_newest;
DROP INDEX cards_not_active;
CREATE FUNCTION pg_temp.damm(s text) RETURNS int LANGUAGE plpgsql IMMUTABLE AS \$\$
DECLARE
  t int[] := ARRAY[0,3,1,7,5,9,8,6,4,2, 7,0,9,2,1,5,4,8,6,3, 4,2,0,6,8,7,1,3,5,9,
                   1,7,5,0,9,8,3,4,2,6, 6,1,2,3,0,4,5,9,7,8, 3,6,7,4,2,0,9,5,8,1,
                   5,8,6,9,7,2,0,1,3,4, 8,9,4,5,3,6,2,0,1,7, 9,4,3,8,6,1,7,2,0,5,
                   2,5,8,1,4,3,6,7,9,0];
  i int := 0;
BEGIN
  FOR k IN 1..length(s) LOOP i := t[i * 10 + substr(s, k, 1)::int + 1]; END LOOP;
  RETURN i;
END \$\$;
CREATE TEMP TABLE names AS SELECT * FROM (VALUES
  (ARRAY['Jonas','Tomas','Mantas','Lukas','Darius','Andrius','Paulius','Marius','Rokas','Jokubas',
         'Piotr','Krzysztof','Tomasz','Pawel','Michal','Marcin','Jakub','Adam','Kamil','Mateusz',
         'Ona','Ruta','Egle','Ieva','Gabija','Austeja','Greta','Kamile','Ugne','Emilija',
         'Anna','Maria','Katarzyna','Agnieszka','Magdalena','Joanna','Zofia','Julia','Maja','Lena'],
   ARRAY['Kazlausk','Petrausk','Jankausk','Stankevic','Vasiliausk','Zukausk','Butkev','Paulausk',
         'Urbon','Kavaliausk','Balt','Rimkev','Lukosev','Sadausk','Ramanausk','Kairys','Navick',
         'Nowak','Kowalsk','Wisniewsk','Wojcik','Kowalczyk','Kaminsk','Lewandowsk','Zielinsk',
         'Szymansk','Wozniak','Dabrowsk','Kozlowsk','Jankowsk','Mazur','Kwiatkowsk','Krawczyk',
         'Piotrowsk','Grabowsk','Nowakowsk','Pawlowsk','Michalsk','Nowick','Adamczyk'],
   ARRAY['as','iene','aite','is','ius','i','a','ski','ska','owicz','czyk','ak','ewicz','ek','o'])
) v(first, root, ending);

INSERT INTO families (id, municipality, family_number, reference, created_at, updated_at)
SELECT 'fam-' || i, (ARRAY['ALY','VAR','ELK'])[1 + i % 3], i / 3 + 1,
       'BYLA-' || lpad(i::text, 7, '0'),
       timestamp '2021-01-01' + i * interval '1 minute', timestamp '2021-01-01' + i * interval '1 minute'
FROM generate_series(0, $FAMILIES - 1) i;

-- Surnames: 40 roots × 15 endings × 7 variants (a letter between root and ending), so that
-- a surname is shared by about 1 family in 4,000, like common surnames in Lithuania.
INSERT INTO members (id, family_id, member_number, name, name_ascii, role, birth_date,
                     national_id_hash, created_at, updated_at)
SELECT 'mem-' || (i * 5 + j), 'fam-' || i, j + 1, n, n,
       CASE WHEN j < 2 THEN 'parent' ELSE 'child' END,
       CASE WHEN j < 2 THEN date '1975-01-01' + (i * 7 + j * 400) % 7000
            ELSE date '2010-01-01' + (i * 11 + j * 500) % 5000 END,
       decode(md5('member ' || (i * 5 + j)), 'hex'),
       timestamp '2021-01-01' + i * interval '1 minute', timestamp '2021-01-01' + i * interval '1 minute'
FROM generate_series(0, $FAMILIES - 1) i, generate_series(0, 4) j, names,
LATERAL (SELECT first[1 + (i * 31 + j * 17) % 40] || ' ' || root[1 + (i::bigint * 7919) % 40]
                || substr('aeiouyz', 1 + (i / 40) % 7, 1) || ending[1 + (i / 280) % 15] AS n) x;

-- One card per member; the municipality's k-th card gets index (k × 2654435761) mod 2^22.
INSERT INTO cards (id, member_id, family_id, municipality, number, sequence, status, valid_from,
                   valid_until, kid, status_index, qr_text, holder_hash, created_at, updated_at)
SELECT 'card-' || (i * 5 + j), 'mem-' || (i * 5 + j), 'fam-' || i, m, num || '-' || pg_temp.damm(w || digits),
       1, CASE WHEN r < 0.01 THEN 'revoked' ELSE 'active' END,
       timestamp '2025-06-01', timestamp '2027-06-01',
       CASE m WHEN 'ALY' THEN '$(kid ALY)' WHEN 'VAR' THEN '$(kid VAR)' ELSE '$(kid ELK)' END,
       ((i / 3 * 5 + j)::bigint * 2654435761) % 4194304,
       'KARTU1:' || repeat(md5('card ' || (i * 5 + j)), 5),
       CASE WHEN r < 0.01 THEN NULL ELSE decode(md5('member ' || (i * 5 + j)), 'hex') END,
       timestamp '2025-06-01', timestamp '2025-06-01'
FROM generate_series(0, $FAMILIES - 1) i, generate_series(0, 4) j,
LATERAL (SELECT (ARRAY['ALY','VAR','ELK'])[1 + i % 3] AS m, (1 + i % 3)::text AS w,
                lpad((i / 3 + 1)::text, 6, '0') || lpad((j + 1)::text, 2, '0') || '01' AS digits,
                random() AS r) a,
LATERAL (SELECT m || '-' || substr(digits, 1, 6) || '-' || substr(digits, 7, 2) || '-'
                || substr(digits, 9, 2) AS num) b;
ALTER TABLE cards ENABLE TRIGGER USER;
ANALYZE;
SQL
fill_s=$(( $(date +%s) - fill_started ))
say "filled in $fill_s s"

# The queries the baseline and the API searches use: surnames that exist, references, numbers.
python3 - "$FAMILIES" "$SEARCHES" >"$TMP/needles.json" <<'PY'
import json, random, sys
families, n = int(sys.argv[1]), int(sys.argv[2])
random.seed(7)
roots = ['Kazlausk','Petrausk','Jankausk','Stankevic','Vasiliausk','Zukausk','Butkev','Paulausk',
         'Urbon','Kavaliausk','Balt','Rimkev','Lukosev','Sadausk','Ramanausk','Kairys','Navick',
         'Nowak','Kowalsk','Wisniewsk','Wojcik','Kowalczyk','Kaminsk','Lewandowsk','Zielinsk',
         'Szymansk','Wozniak','Dabrowsk','Kozlowsk','Jankowsk','Mazur','Kwiatkowsk','Krawczyk',
         'Piotrowsk','Grabowsk','Nowakowsk','Pawlowsk','Michalsk','Nowick','Adamczyk']
endings = ['as','iene','aite','is','ius','i','a','ski','ska','owicz','czyk','ak','ewicz','ek','o']
damm = [[0,3,1,7,5,9,8,6,4,2],[7,0,9,2,1,5,4,8,6,3],[4,2,0,6,8,7,1,3,5,9],[1,7,5,0,9,8,3,4,2,6],
        [6,1,2,3,0,4,5,9,7,8],[3,6,7,4,2,0,9,5,8,1],[5,8,6,9,7,2,0,1,3,4],[8,9,4,5,3,6,2,0,1,7],
        [9,4,3,8,6,1,7,2,0,5],[2,5,8,1,4,3,6,7,9,0]]
def number(i, j):
    m, w = ['ALY','VAR','ELK'][i % 3], str(1 + i % 3)
    digits = f'{i // 3 + 1:06}{j + 1:02}01'
    c = 0
    for d in w + digits:
        c = damm[c][int(d)]
    return f'{m}-{digits[:6]}-{digits[6:8]}-{digits[8:]}-{c}'
aly = lambda: random.randrange(0, families, 3)  # the ALY families: the clerk's scope
names = []
for _ in range(n):
    i = aly()
    surname = roots[(i * 7919) % 40] + 'aeiouyz'[(i // 40) % 7] + endings[(i // 280) % 15]
    names.append(surname.lower())
json.dump({
    'name': names,
    'reference': [f'byla-{aly():07}' for _ in range(n)],
    'number': [number(aly(), random.randrange(5)) for _ in range(n)],
    'card': [f'card-{aly() * 5 + random.randrange(5)}' for _ in range(n)],
    'family': [f'fam-{aly()}' for _ in range(n)],
}, sys.stdout)
PY

# The search before the family_search migration (src/store/family.rs at 6d2f172): the count
# and the page, as one clerk of Alytus asks them.
old_search() {
  local needle=$1 prefix=$1%
  local body="FROM families WHERE municipality IN ('ALY') AND erased_at IS NULL AND (lower(reference) LIKE '$prefix' ESCAPE '\\' OR id IN (SELECT family_id FROM members WHERE removed_at IS NULL AND lower(name_ascii) LIKE '%$needle%' ESCAPE '\\'))"
  local a b
  a=$(sql -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) $body" | jq '.[0]["Execution Time"]')
  b=$(sql -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT id $body ORDER BY created_at DESC, id LIMIT 20" | jq '.[0]["Execution Time"]')
  python3 -c "print(f'{$a + $b:.1f}')"
}
say "baseline: the old search query, $BASELINE_QUERIES needles of each kind"
baseline_name=() baseline_ref=()
for k in $(seq 0 $(( BASELINE_QUERIES - 1 ))); do
  baseline_name+=("$(old_search "$(jq -r ".name[$k]" "$TMP/needles.json")")")
  baseline_ref+=("$(old_search "$(jq -r ".reference[$k]" "$TMP/needles.json")")")
done
say "baseline name ms: ${baseline_name[*]}; reference ms: ${baseline_ref[*]}"

index_started=$(date +%s)
sql <<'SQL'
CREATE INDEX members_name_trgm ON members USING gin (lower(name_ascii) gin_trgm_ops)
    WHERE removed_at IS NULL;
CREATE INDEX families_reference_prefix ON families ((lower(reference) COLLATE "C"))
    WHERE erased_at IS NULL;
CREATE INDEX families_newest ON families (created_at DESC, id) WHERE erased_at IS NULL;
CREATE INDEX cards_not_active ON cards (municipality, status_index) WHERE status <> 'active';
ANALYZE members; ANALYZE families; ANALYZE cards;
SQL
index_s=$(( $(date +%s) - index_started ))
say "search and start-up indexes built in $index_s s"
sizes=$(sql -c "SELECT pg_size_pretty(pg_database_size('$DB')) || ' database, ' || pg_size_pretty(pg_relation_size('members_name_trgm')) || ' name index, ' || pg_size_pretty(pg_relation_size('families_reference_prefix')) || ' reference index'")

starts=()
for r in $(seq 1 "$START_RUNS"); do
  start_service
  starts+=("$START_S s / $(( START_RSS / 1024 )) MB")
  say "start-up $r: $START_S s, peak RSS $(( START_RSS / 1024 )) MB"
  [[ $r == "$START_RUNS" ]] || stop_service
done

tokens=()
for m in ALY VAR ELK; do
  t=$("$BIN/kartu" admin token --label "bench-scale $m" --municipality "$m" --role clerk \
    --valid-days 1 --database-url "$URL" | awk '/^token \(shown once\): / { print $4 }')
  tokens+=(--token "$m=$t")
  [[ $m == ALY ]] && ALY_TOKEN=$t
done

say "searches and reads through the API"
python3 - "$SERVICE_URL" "$ALY_TOKEN" "$TMP/needles.json" "$READS" >"$TMP/api.txt" <<'PY'
import http.client, json, sys, time, urllib.parse
base, token, needles, reads = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3])), int(sys.argv[4])
host = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(host.hostname, host.port)
def get(path):
    started = time.perf_counter()
    conn.request('GET', path, headers={'Authorization': f'Bearer {token}'})
    r = conn.getresponse()
    body = r.read()
    ms = (time.perf_counter() - started) * 1000
    if r.status != 200:
        raise SystemExit(f'{path}: HTTP {r.status} {body[:200]!r}')
    return ms, json.loads(body)
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
for kind in ['name', 'reference', 'number']:
    ms, totals = [], []
    for q in needles[kind]:
        t, page = get('/api/v1/families?q=' + urllib.parse.quote(q))
        ms.append(t); totals.append(page['total'])
    if min(totals) < 1:
        raise SystemExit(f'{kind}: a search found nothing')
    print(f'search {kind}: n={len(ms)} p50={pct(ms,50):.1f} ms p99={pct(ms,99):.1f} ms max={max(ms):.1f} ms; found {min(totals)}-{max(totals)} families')
for kind, path in [('card', '/api/v1/cards/'), ('family', '/api/v1/families/')]:
    ms = [get(path + i)[0] for i in needles[kind][:reads]]
    print(f'read {kind}: n={len(ms)} p50={pct(ms,50):.1f} ms p99={pct(ms,99):.1f} ms max={max(ms):.1f} ms')
PY
cat "$TMP/api.txt" >&2

say "issuance: $ISSUE_FAMILIES families"
"$BIN/examples/issue_load" --base-url "$SERVICE_URL" --families "$ISSUE_FAMILIES" --threads 4 \
  --warmup 20 --service-pid "$SERVICE_PID" "${tokens[@]}" >"$TMP/issue.txt"
grep '^issue_load' "$TMP/issue.txt" >&2

status_bytes=$(curl -fsS "$SERVICE_URL/.well-known/kartu/status" | wc -c)
status_gzip=$(curl -fsS "$SERVICE_URL/.well-known/kartu/status" | gzip -9 | wc -c)
keys_bytes=$(curl -fsS "$SERVICE_URL/.well-known/kartu/keys" | wc -c)
status_ms=$(curl -fsS -o /dev/null -w '%{time_total}' "$SERVICE_URL/.well-known/kartu/status")
rss_after=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVICE_PID/status")
revoked=$(sql -c "SELECT count(*) FROM cards WHERE status = 'revoked'")

cat <<EOF

== bench-scale, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + changes'), load $(cut -d' ' -f1-3 /proc/loadavg)
cards $CARDS, families $FAMILIES, revoked $revoked; filled through SQL in $fill_s s; $sizes
empty database start-up: $empty_s s, peak RSS $(( empty_rss / 1024 )) MB
start-up at $CARDS cards: ${starts[*]}
baseline (old query, in the database) name ms: ${baseline_name[*]}
baseline (old query, in the database) reference ms: ${baseline_ref[*]}
search indexes built in $index_s s
$(cat "$TMP/api.txt")
$(grep '^issue_load' "$TMP/issue.txt")
status document: $status_bytes bytes ($status_gzip gzipped), answered in ${status_ms} s; key set $keys_bytes bytes
peak RSS after the run: $(( rss_after / 1024 )) MB
EOF
