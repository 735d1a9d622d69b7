#!/usr/bin/env bash
# Installs the pinned CometBFT into <repo>/.bin (git-ignored) with `go install`, unless that exact
# version is already there. CGO is off so the binary is static: the same file runs on the host and
# in the FROM-scratch docker image (devnet/docker/cometbft.Dockerfile).
#
# v0.38.26: latest v0.38 patch when pinned. v0.38.3/.4/.14 are retracted; >= .17 needs Go >= 1.22.11.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${COMETBFT_VERSION:-v0.38.26}"
BIN_DIR="$PWD/.bin"
BIN="$BIN_DIR/cometbft"

if [[ -x "$BIN" ]] && [[ "$("$BIN" version 2>/dev/null)" == "${VERSION#v}" ]]; then
  echo "cometbft ${VERSION} already installed at $BIN"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-cometbft: Go is not installed; CometBFT ${VERSION} needs Go >= 1.22.11" >&2
  exit 1
fi
go_version="$(go env GOVERSION)"   # e.g. go1.26.8
go_mm="${go_version#go}"
major="${go_mm%%.*}"; rest="${go_mm#*.}"; minor="${rest%%.*}"
if (( major < 1 || (major == 1 && minor < 22) )); then
  echo "install-cometbft: ${go_version} is too old; CometBFT ${VERSION} needs Go >= 1.22.11" >&2
  exit 1
fi

mkdir -p "$BIN_DIR"
echo "installing cometbft ${VERSION} into $BIN_DIR (${go_version}, CGO_ENABLED=0)"
CGO_ENABLED=0 GOBIN="$BIN_DIR" go install -trimpath "github.com/cometbft/cometbft/cmd/cometbft@${VERSION}"
installed="$("$BIN" version)"
if [[ "$installed" != "${VERSION#v}" ]]; then
  echo "install-cometbft: expected ${VERSION#v}, got $installed" >&2
  exit 1
fi
echo "cometbft $installed installed at $BIN"
