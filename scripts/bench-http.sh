#!/usr/bin/env bash
# HTTP load benchmarks of the kartu service; docs/benchmarks.md ("HTTP service") records the
# figures. Run from anywhere: `bash scripts/bench-http.sh`. Needs wrk, curl, jq, python3 and, for
# the PostgreSQL part, psql and a server that PG_ADMIN_URL reaches with the right to create
# databases.
#
# 1. Verify: wrk against POST /api/v1/verify of `kartu serve`, and against a bare actix handler
#    (examples/bare_verify.rs) that only decodes and verify_strict's the same payload, back to
#    back in the same run, RUNS times (the order alternates between runs).
# 2. Issuance: examples/issue_load.rs through the API, then examples/raw_insert.rs (single-row
#    write transactions, the service's connection code) on the same database, for SQLite and
#    PostgreSQL, a fresh database for each run.
# 3. Memory: VmRSS of the kartu process sampled every 0.2 s under load, and VmHWM.
#
# It builds and measures the working tree as it is. A run with the defaults takes about 6
# minutes. Everything it starts is stopped, and its temp dir and PostgreSQL databases are
# removed, on exit (also on failure or Ctrl-C). The knobs below can be set in the environment.
set -euo pipefail

RUNS=${RUNS:-3}
WORKERS=${WORKERS:-2}               # HTTP workers of both servers
WRK_THREADS=${WRK_THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
FAMILIES=${FAMILIES:-3000}          # families registered and issued per issuance run
ISSUE_WARMUP=${ISSUE_WARMUP:-100}   # of which issued before the clock starts
CLIENT_THREADS=${CLIENT_THREADS:-16}
RAW_SECONDS=${RAW_SECONDS:-10}
RAW_THREADS=${RAW_THREADS:-"1 8"}   # 8 = the service's default --db-pool
BACKENDS=${BACKENDS:-"sqlite postgres"}
PHASES=${PHASES:-"verify issuance"}  # either or both
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
# The per-address limit of POST /api/v1/verify, set so high that it never refuses (wrk is one
# address) while its bookkeeping still runs on every request. 0 would turn it off.
VERIFY_RATE=${VERIFY_RATE:-4000000000}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release
for tool in wrk curl jq python3; do
  command -v "$tool" >/dev/null || { echo "bench-http: $tool is missing" >&2; exit 2; }
done

TMP=$(mktemp -d /tmp/kartu-bench.XXXXXX)
PG_DBS=()
SUMMARY=$TMP/summary.txt
: >"$SUMMARY"

cleanup() {
  local pid db
  # Only this shell's own background jobs (servers, RSS samplers) still running.
  for pid in $(jobs -p); do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for db in "${PG_DBS[@]}"; do
    psql "$PG_ADMIN_URL" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "== $*" >&2; }
# Other people's compilers running right now, and the 1-minute load average: a disturbed
# measurement says so in its row.
others() {
  echo "rustc=$(ps -eo comm= | grep -cE '^(rustc|cc1|cc1plus|ld|cargo|clippy-driver)$' || true) load=$(cut -d' ' -f1 /proc/loadavg)"
}
row() { echo "$*" | tee -a "$SUMMARY"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wrk's "1.23ms" / "456.78us" / "1.02s" in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { printf "nan" } }'
}

# User + system CPU ticks of a process (CLK_TCK a second).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# The machine's CPU ticks: "total steal idle" (idle includes iowait).
machine_ticks() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9, $5 + $6 }' /proc/stat; }
# machine_usage "BEFORE" "AFTER": busy and steal shares of the whole machine in between.
machine_usage() {
  awk -v b="$1" -v a="$2" 'BEGIN { split(b, x, " "); split(a, y, " "); t = y[1] - x[1];
    printf "machine_busy_pct=%.0f steal_pct=%.1f", 100 * (t - (y[3] - x[3]) - (y[2] - x[2])) / t, 100 * (y[2] - x[2]) / t }'
}
CLK_TCK=$(getconf CLK_TCK)

status_kb() { # pid field -> kB
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# Samples VmRSS of $1 every 0.2 s into $2 until killed.
start_sampler() {
  local pid=$1 out=$2
  ( while kill -0 "$pid" 2>/dev/null; do
      status_kb "$pid" VmRSS >>"$out"
      sleep 0.2
    done ) &
  SAMPLER_PID=$!
}
stop_sampler() {
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
}
max_kb() { sort -n "$1" | tail -1; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

wait_http() { # url
  local i
  for i in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "bench-http: $1 did not answer" >&2
  return 1
}

# start_service DATABASE_URL LOGFILE: sets SERVICE_PID and SERVICE_URL.
start_service() {
  local port
  port=$(free_port)
  "$BIN/kartu" serve --listen "127.0.0.1:$port" --database-url "$1" \
    --keys-dir "$TMP/keys" --workers "$WORKERS" "${SERVE_EXTRA[@]}" >"$2" 2>&1 &
  SERVICE_PID=$!
  SERVICE_URL="http://127.0.0.1:$port"
  wait_http "$SERVICE_URL/readyz"
}
# make_tokens DATABASE_URL: a clerk API token per municipality, when the service has accounts.
# Sets TOKEN_ARGS (for issue_load) and CURL_AUTH (ALY's token, for curl).
make_tokens() {
  TOKEN_ARGS=()
  CURL_AUTH=()
  "$BIN/kartu" admin token --help >/dev/null 2>&1 || return 0
  local m t
  for m in ALY VAR ELK; do
    t=$("$BIN/kartu" admin token --label "bench-http $m" --municipality "$m" --role clerk \
      --valid-days 1 --database-url "$1" | awk '/^token \(shown once\): / { print $4 }')
    [[ -n $t ]] || { echo "bench-http: no API token for $m" >&2; return 1; }
    TOKEN_ARGS+=(--token "$m=$t")
    if [[ $m == ALY ]]; then CURL_AUTH=(-H "Authorization: Bearer $t"); fi
  done
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# wrk_measure LABEL URL OUTFILE PID: one timed wrk run; appends a result row with the server's
# CPU time per request and how busy the whole machine was.
wrk_measure() {
  local label=$1 url=$2 out=$3 pid=$4
  local before cpu0 cpu1 m0 m1
  before=$(others)
  cpu0=$(cpu_ticks "$pid")
  m0=$(machine_ticks)
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/scripts/verify.lua" \
    "$url" >"$out"
  cpu1=$(cpu_ticks "$pid")
  m1=$(machine_ticks)
  local rps p50 p99 non2xx socket total
  rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  total=$(awk '/requests in/ { print $1 }' "$out")
  non2xx=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$out")
  socket=$(grep -o 'Socket errors:.*' "$out" || echo "Socket errors: none")
  local cpu_us
  cpu_us=$(awk -v c=$((cpu1 - cpu0)) -v n="$total" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", c / hz * 1e6 / n }')
  row "verify run=$RUN target=$label requests=$total rps=$rps p50_ms=$p50 p99_ms=$p99 non2xx=${non2xx:-0} ${socket// /_} server_cpu_us_per_req=$cpu_us $(machine_usage "$m0" "$m1") before:${before// /,} after:$(others | tr ' ' ',')"
}

wrk_check() { # LABEL URL: every answer must be 200 with "valid":true
  local out=$TMP/check-$1.txt
  KARTU_CHECK=1 wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d3s -s "$ROOT/scripts/verify.lua" "$2" >"$out"
  local non2xx
  non2xx=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$out")
  row "verify-check target=$1 $(grep '^check:' "$out" | tr ' ' '_') non2xx=${non2xx:-0}"
}

log "machine"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc: $(nproc)"
  echo "cpu: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "kernel: $(uname -sr)"
  echo "code: $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "not a git checkout")"
  echo "rustc: $(rustc --version)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  if command -v psql >/dev/null; then
    echo "postgres: $(psql "$PG_ADMIN_URL" -qAtc 'SHOW server_version' 2>/dev/null || echo unreachable)"
  fi
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$SUMMARY"

log "build"
cargo build --release --bin kartu --example bare_verify --example raw_insert --example issue_load

# Flags only newer versions of the service have (asked of the binary just built: before the
# build there may be none, and the service would run with the default limit of 600 a minute).
SERVE_EXTRA=()
# grep without -q reads the whole help: -q would exit at the match, and kartu, still writing,
# would fail on the closed pipe, which pipefail turns into "no such flag".
if "$BIN/kartu" serve --help 2>/dev/null | grep -- '--verify-rate-per-minute' >/dev/null; then
  SERVE_EXTRA+=(--verify-rate-per-minute "$VERIFY_RATE")
fi


# ---------------------------------------------------------------- 1. verify
if [[ " $PHASES " == *" verify "* ]]; then
log "verify: service and bare handler"
start_service "$TMP/verify.db" "$TMP/service-verify.log"
VERIFY_PID=$SERVICE_PID
VERIFY_URL=$SERVICE_URL
make_tokens "$TMP/verify.db"
# One family with a card, for the payload.
"$BIN/examples/issue_load" --base-url "$VERIFY_URL" --families 2 --warmup 1 \
  --threads 1 "${TOKEN_ARGS[@]}" >"$TMP/verify-setup.txt"
FAMILY_ID=$(curl -fsS "${CURL_AUTH[@]}" "$VERIFY_URL/api/v1/families?q=BENCH-0" | jq -r '.items[0].id')
PAYLOAD=$(curl -fsS "${CURL_AUTH[@]}" "$VERIFY_URL/api/v1/families/$FAMILY_ID" | jq -r '.cards[0].qr_text')
export KARTU_PAYLOAD=$PAYLOAD
VERDICT=$(curl -fsS -H 'Content-Type: application/json' -d "{\"payload\":\"$PAYLOAD\"}" \
  "$VERIFY_URL/api/v1/verify" | jq -c '{valid, reason}')
row "payload bytes=${#PAYLOAD} service_verdict=$VERDICT"

BARE_PORT=$(free_port)
"$BIN/examples/bare_verify" --listen "127.0.0.1:$BARE_PORT" --workers "$WORKERS" \
  --keys-dir "$TMP/keys" --payload "$PAYLOAD" >"$TMP/bare.log" 2>&1 &
BARE_PID=$!
BARE_URL="http://127.0.0.1:$BARE_PORT"
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "{\"payload\":\"$PAYLOAD\"}" \
    "$BARE_URL/api/v1/verify" 2>/dev/null && break
  sleep 0.2
done
row "bare_verdict=$(curl -fsS -H 'Content-Type: application/json' -d "{\"payload\":\"$PAYLOAD\"}" "$BARE_URL/api/v1/verify")"
row "verify service_rss_idle_mb=$(mb "$(status_kb "$VERIFY_PID" VmRSS)")"

for RUN in $(seq 1 "$RUNS"); do
  if (( RUN % 2 == 1 )); then order="bare service"; else order="service bare"; fi
  for target in $order; do
    if [[ $target == bare ]]; then url=$BARE_URL; else url=$VERIFY_URL; fi
    log "verify run $RUN: $target (warm-up $WARMUP, then $DURATION)"
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/scripts/verify.lua" "$url" >/dev/null
    if [[ $target == service ]]; then
      start_sampler "$VERIFY_PID" "$TMP/rss-verify-$RUN.txt"
      wrk_measure service "$url" "$TMP/wrk-service-$RUN.txt" "$VERIFY_PID"
      stop_sampler
      row "verify run=$RUN service_rss_max_mb=$(mb "$(max_kb "$TMP/rss-verify-$RUN.txt")") service_hwm_mb=$(mb "$(status_kb "$VERIFY_PID" VmHWM)")"
    else
      wrk_measure bare "$url" "$TMP/wrk-bare-$RUN.txt" "$BARE_PID"
    fi
  done
done
wrk_check bare "$BARE_URL"
wrk_check service "$VERIFY_URL"
stop_pid "$BARE_PID"
stop_pid "$VERIFY_PID"
fi

# ---------------------------------------------------------------- 2. issuance
[[ " $PHASES " == *" issuance "* ]] || BACKENDS=""
for backend in $BACKENDS; do
  for RUN in $(seq 1 "$RUNS"); do
    if [[ $backend == sqlite ]]; then
      url=$TMP/issue-$RUN.db
    else
      db=kartu_bench_$$_$RUN
      psql "$PG_ADMIN_URL" -qAtc "CREATE DATABASE $db" >/dev/null
      PG_DBS+=("$db")
      url=${PG_ADMIN_URL%/*}/$db
    fi
    log "issuance $backend run $RUN: $FAMILIES families, $CLIENT_THREADS client threads"
    start_service "$url" "$TMP/service-$backend-$RUN.log"
    make_tokens "$url"
    row "issue backend=$backend run=$RUN service_rss_idle_mb=$(mb "$(status_kb "$SERVICE_PID" VmRSS)")"
    start_sampler "$SERVICE_PID" "$TMP/rss-$backend-$RUN.txt"
    before=$(others)
    m0=$(machine_ticks)
    "$BIN/examples/issue_load" --base-url "$SERVICE_URL" --families "$FAMILIES" \
      --warmup "$ISSUE_WARMUP" --threads "$CLIENT_THREADS" --service-pid "$SERVICE_PID" "${TOKEN_ARGS[@]}" | tee "$TMP/issue-$backend-$RUN.txt" >&2 ||
      echo "bench-http: issue_load reported errors (see errors=)" >&2
    stop_sampler
    row "issue backend=$backend run=$RUN $(grep '^setup:' "$TMP/issue-$backend-$RUN.txt" | tr ' ' '_')"
    row "issue backend=$backend run=$RUN $(grep '^issue_load' "$TMP/issue-$backend-$RUN.txt") setup+issue:$(machine_usage "$m0" "$(machine_ticks)" | tr ' ' ',') before:${before// /,} after:$(others | tr ' ' ',')"
    row "issue backend=$backend run=$RUN $(grep '^check:' "$TMP/issue-$backend-$RUN.txt" | tr ' ' '_')"
    row "issue backend=$backend run=$RUN service_rss_max_mb=$(mb "$(max_kb "$TMP/rss-$backend-$RUN.txt")") service_hwm_mb=$(mb "$(status_kb "$SERVICE_PID" VmHWM)")"
    stop_pid "$SERVICE_PID"
    for threads in $RAW_THREADS; do
      log "raw insert $backend run $RUN: $threads threads, ${RAW_SECONDS}s"
      before=$(others)
      m0=$(machine_ticks)
      row "raw backend=$backend run=$RUN $("$BIN/examples/raw_insert" \
        --database-url "$url" --threads "$threads" --seconds "$RAW_SECONDS") $(machine_usage "$m0" "$(machine_ticks)") before:${before// /,} after:$(others | tr ' ' ',')"
    done
    if [[ $backend == sqlite ]]; then
      rm -f "$url" "$url-wal" "$url-shm"
    else
      psql "$PG_ADMIN_URL" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    fi
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$SUMMARY"

# ---------------------------------------------------------------- summary
echo
echo "================ summary ================"
cat "$SUMMARY"
echo
python3 - "$SUMMARY" <<'EOF'
import re, sys
rows = [dict(re.findall(r'(\w+)=(\S+)', l)) | {'_': l} for l in open(sys.argv[1])]
print("Verify (target: service >= 0.8x bare rps, service p99 <= 10 ms)")
runs = sorted({r['run'] for r in rows if r['_'].startswith('verify run=') and 'rps' in r})
for run in runs:
    t = {r['target']: r for r in rows if r['_'].startswith('verify run=') and r.get('run') == run and 'rps' in r}
    if 'bare' in t and 'service' in t:
        ratio = float(t['service']['rps']) / float(t['bare']['rps'])
        print(f"  run {run}: bare {float(t['bare']['rps']):.0f} req/s (p99 {t['bare']['p99_ms']} ms), "
              f"service {float(t['service']['rps']):.0f} req/s (p99 {t['service']['p99_ms']} ms): "
              f"ratio {ratio:.2f}")
print("Issuance (target: >= 0.5x the raw insert rate; best raw rate of the thread counts)")
for backend in ('sqlite', 'postgres'):
    for run in sorted({r['run'] for r in rows if r.get('backend') == backend}):
        iss = [r for r in rows if r.get('backend') == backend and r.get('run') == run and 'families_per_s' in r]
        raw = [r for r in rows if r['_'].startswith('raw') and r.get('backend') == backend and r.get('run') == run]
        if not iss or not raw:
            continue
        best = max(raw, key=lambda r: float(r['rows_per_s']))
        fam, cards, rate = float(iss[0]['families_per_s']), float(iss[0]['cards_per_s']), float(best['rows_per_s'])
        print(f"  {backend} run {run}: {fam:.1f} families/s = {cards:.1f} cards/s (p99 {iss[0]['p99_ms']} ms); "
              f"raw {rate:.1f} rows/s ({best['threads']} threads): families/raw {fam / rate:.2f}, cards/raw {cards / rate:.2f}")
EOF
