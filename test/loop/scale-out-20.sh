#!/usr/bin/env bash
# Runs test/scale-out.test.ts N times in a row (default 20), stopping at the first failure.
# Not part of CI (it takes a while); it shows the two-instance test is deterministic under load.
# Needs DATABASE_URL (e.g. postgres://127.0.0.1:5432/test).
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database}"
for i in $(seq 1 "$runs"); do
  if ! out=$(npx vitest run test/scale-out.test.ts 2>&1); then
    echo "$out"
    echo "scale-out: run $i of $runs FAILED ($((i - 1)) passed before it)"
    exit 1
  fi
  echo "scale-out: run $i of $runs passed"
done
echo "scale-out: $runs of $runs passed in a row"
