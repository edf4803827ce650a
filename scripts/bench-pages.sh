#!/usr/bin/env bash
# Page rendering under load: wrk against the pages people open most, on the release binary with
# a fresh SQLite database and development keys. docs/benchmarks.md ("Pages") records the
# figures. Run from anywhere: `bash scripts/bench-pages.sh` (needs wrk and curl; builds the
# release binary first). Everything it starts is stopped, and its temp dir removed, on exit.
#
#   /check?lang=lt   the merchant checker: askama, ~100 translated messages, the anchor key
#   /?lang=pl        the start page: the smallest page, for the framework's own cost
#   /static/check.js a static asset with its ETag (what every page load also fetches)
set -euo pipefail

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-2}
WORKERS=${WORKERS:-2}

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/kartu
TMP=$(mktemp -d /tmp/kartu-bench-pages.XXXXXX)
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

cargo build --release --locked --bin kartu >&2
KARTU_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --workers "$WORKERS" \
  --database-url "$TMP/kartu.db" --keys-dir "$TMP/keys" >"$TMP/out" 2>"$TMP/err" &
PID=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$TMP/out" 2>/dev/null && break
  sleep 0.1
done
BASE=$(sed -n 's/^kartu listening on //p' "$TMP/out")
[ -n "$BASE" ] || { echo "kartu did not start" >&2; cat "$TMP/err" >&2; exit 1; }

echo "commit $(git rev-parse --short HEAD), $(nproc) cores, wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, $WORKERS workers"
for path in "/check?lang=lt" "/?lang=pl" "/static/check.js"; do
  curl -fsS -o /dev/null "$BASE$path"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d3s "$BASE$path" >/dev/null
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  bytes=$(curl -fsS "$BASE$path" | wc -c)
  printf '%-18s %9s req/s  p50 %-8s p99 %-8s body %6s B  non-2xx %s\n' \
    "$path" "$rps" "$p50" "$p99" "$bytes" "${errors:-0}"
done
printf 'kartu VmHWM after the runs: %s\n' "$(awk '/VmHWM/ {print $2, $3}' /proc/$PID/status)"
