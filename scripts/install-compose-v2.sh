#!/usr/bin/env bash
# Builds Docker Compose v2 (pinned) into <repo>/.bin/docker-compose-v2 from the Go module proxy, so
# the docker devnet test can check the compose file under Compose v2 as well as Debian's
# docker-compose 1.29. `go install pkg@version` refuses this module (its go.mod has exclude
# directives), so the module is downloaded and built as the main module. Skips when present.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${COMPOSE_V2_VERSION:-v2.40.3}"
BIN="$PWD/.bin/docker-compose-v2"
if [[ -x "$BIN" ]] && "$BIN" version --short 2>/dev/null | grep -q .; then
  echo "docker compose v2 already built at $BIN"
  exit 0
fi
command -v go >/dev/null || { echo "install-compose-v2: Go is not installed" >&2; exit 1; }
mkdir -p .bin
echo "building docker compose ${VERSION} into $BIN (a few minutes on first run)"
dir="$(go mod download -json "github.com/docker/compose/v2@${VERSION}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')"
(cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-X github.com/docker/compose/v2/internal.Version=${VERSION}" -o "$BIN" ./cmd)
"$BIN" version
