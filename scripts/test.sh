#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (lit regression and
# integration tests, GoogleTest unit tests). Exits non-zero when one fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FXP_BUILD_DIR:-$root/build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

"$root/scripts/build.sh"
status=0
cmake --build "$build" --target check-fxp 2>&1 | tee "$log" || status=$?
passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" | tail -1)
failed=$(sed -n 's/^ *Failed *: *\([0-9]*\).*/\1/p' "$log" | tail -1)
echo "fxp tests: ${passed:-0} passed, ${failed:-0} failed"
[ "$status" -eq 0 ] && [ "${passed:-0}" -gt 0 ] || exit 1
