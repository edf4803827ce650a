#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need when it is missing
# (libpq for diesel's PostgreSQL backend, Debian's Chromium and its driver for the browser and
# page tests), then runs `cargo test --workspace` on SQLite. Extra arguments go to cargo test.
# .ci/run calls this same script, then runs the API suite again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for package in libpq-dev chromium chromium-driver ca-certificates; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian packages the tests need)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}"
fi

exec cargo test --workspace "$@"
