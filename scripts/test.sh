#!/usr/bin/env bash
# The whole test suite: what `npm test` runs, and what CI runs through .ci/run.
# Installs nothing by itself unless a suite needs a service that is missing (see each step).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== typecheck"
npx tsc --noEmit -p tsconfig.json

echo "== proto lint + generated code is fresh"
bash scripts/check-generated.sh

echo "== jest"
mkdir -p .data
status=0
npx jest --ci --json --outputFile=.data/jest-results.json "$@" || status=$?
# One plain closing line with the counts, whatever the runner printed above it.
node -e '
  const r = require("./.data/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' || true
exit $status
