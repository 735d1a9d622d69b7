#!/usr/bin/env bash
# Fails when generated/ differs from what `npm run gen` produces from proto/ (stale or hand-edited).
set -euo pipefail
cd "$(dirname "$0")/.."
npx buf lint
tmp=$(mktemp -d)
cp -r generated "$tmp/before"
npm run --silent gen
if ! diff -r "$tmp/before" generated >/dev/null; then
  echo "generated/ is stale: run 'npm run gen' and commit the result" >&2
  diff -r "$tmp/before" generated | head -40 >&2
  rm -rf "$tmp"
  exit 1
fi
rm -rf "$tmp"
echo "generated code is up to date"
