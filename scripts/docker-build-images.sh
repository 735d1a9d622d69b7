#!/usr/bin/env bash
# Builds the devnet images from local artifacts only (there is no registry to pull from):
#   fieldnet/node-base:<v>        scripts/docker-node-base.sh (host node + its libraries)
#   fieldnet/cometbft:<version>   FROM scratch + .bin/cometbft (scripts/install-cometbft.sh)
#   fieldnet/app:dev              node-base + this repository with node_modules
#   fieldnet/postgres:<major>     scripts/docker-postgres-image.sh (host PostgreSQL + its libraries)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-cometbft.sh
VERSION="$(.bin/cometbft version)"
bash scripts/docker-node-base.sh
bash scripts/docker-postgres-image.sh

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp .bin/cometbft "$STAGE/cometbft"
printf '{\n  "height": "0",\n  "round": 0,\n  "step": 0\n}\n' > "$STAGE/priv_validator_state.json"
mkdir -p "$STAGE/tmp"
docker build -q -f devnet/docker/cometbft.Dockerfile -t "fieldnet/cometbft:v${VERSION}" -t fieldnet/cometbft:latest "$STAGE"
# The indexer container serves the explorer page: its production build goes into the app image.
# (ensureExplorerBuilt: the same missing-or-stale rule `npm run devnet` uses.)
node --import tsx -e 'require("./explorer/build").ensureExplorerBuilt()'
# The context is streamed as a tar so that .git, .data, .bin and logs stay out without a
# repository-wide .dockerignore.
tar -c --exclude=./.git --exclude=./.data --exclude=./.bin --exclude='*.log' --exclude=./bench/results . \
  | docker build -q -f devnet/docker/app.Dockerfile -t fieldnet/app:dev -
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^fieldnet/'
