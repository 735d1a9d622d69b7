#!/usr/bin/env bash
# The whole test suite: what `npm test` runs, and what CI runs through .ci/run.
# Installs or starts what the tests need when it is missing: CometBFT (go install into .bin/),
# PostgreSQL (for the indexer's Postgres run), Debian's Chromium (for the explorer's browser tests)
# and the Docker engine (for the compose devnet).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p explorer/tsconfig.json   # the explorer's browser code (DOM lib)

echo "== proto lint + generated code is fresh"
bash scripts/check-generated.sh

echo "== CometBFT (pinned, into .bin/)"
bash scripts/install-cometbft.sh

echo "== PostgreSQL for the indexer's Postgres run (installed and started if missing)"
if [[ -z "${DATABASE_URL:-}" ]]; then
  DATABASE_URL="$(bash scripts/ensure-postgres.sh)"
fi
export DATABASE_URL

echo "== explorer: production build (vite) + Chromium for its browser tests"
npm run --silent build:explorer
if [[ -z "${CHROMIUM_PATH:-}" ]] && ! command -v chromium >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "the explorer tests need Debian's chromium (apt-get install -y chromium) or CHROMIUM_PATH" >&2
    exit 1
  fi
fi

echo "== jest"
mkdir -p .data
status=0
npx jest --ci --forceExit --json --outputFile=.data/jest-results.json "$@" || status=$?
# --forceExit: cosmjs's WebsocketClient re-arms a reconnect timer after disconnect() (devnet/rpc/subscriptions.spec.ts
# uses it as a cosmjs user would); the suites themselves close what they open.
# One plain closing line with the counts, whatever the runner printed above it.
node -e '
  const r = require("./.data/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' || true
[[ $status -eq 0 ]] || exit $status

if [[ "${FIELDNET_SKIP_DOCKER:-}" != "1" ]]; then
  echo "== docker compose devnet"
  if ! command -v dockerd >/dev/null || ! { command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1; }; then
    if [[ $(id -u) -eq 0 ]]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose >/dev/null
    else
      echo "the docker stage needs docker.io and docker-compose (apt-get install -y docker.io docker-compose), or FIELDNET_SKIP_DOCKER=1" >&2
      exit 1
    fi
  fi
  # The same compose file under both compose generations users have: Debian's docker-compose 1.29
  # and Compose v2 (the `docker compose` plugin, or built from the Go module proxy into .bin/).
  if command -v docker-compose >/dev/null && docker-compose version --short 2>/dev/null | grep -q '^1\.'; then
    FIELDNET_COMPOSE=docker-compose bash scripts/docker-devnet-test.sh
  fi
  if docker compose version >/dev/null 2>&1; then
    FIELDNET_COMPOSE="docker compose" bash scripts/docker-devnet-test.sh
  else
    bash scripts/install-compose-v2.sh
    FIELDNET_COMPOSE="$PWD/.bin/docker-compose-v2" bash scripts/docker-devnet-test.sh
  fi
fi
