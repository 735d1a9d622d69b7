#!/usr/bin/env bash
# Builds the offline Node base image `fieldnet/node-base:<node version>` without any registry:
# a minimal root filesystem holding the host's node binary, the shared libraries it and our native
# addons (better-sqlite3) link against (found with ldd), and a few /etc files, imported with
# `docker import`. The host is Debian 12, so the libraries are Debian's glibc/libstdc++.
# Skips the build when the image already exists (FORCE=1 rebuilds).
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_BIN="$(command -v node)"
NODE_VERSION="$("$NODE_BIN" --version)"
IMAGE="fieldnet/node-base:${NODE_VERSION#v}"
if [[ "${FORCE:-0}" != 1 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE exists"
  exit 0
fi

ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT"/{usr/local/bin,etc,tmp,data,app,root}
chmod 1777 "$ROOT/tmp"
cp "$NODE_BIN" "$ROOT/usr/local/bin/node"

# Every ELF the image will run or dlopen: node, the native addons, esbuild (tsx's compiler).
mapfile -t elves < <(
  echo "$NODE_BIN"
  find node_modules -name '*.node' -path '*better-sqlite3/build/Release/*' 2>/dev/null
  find node_modules/@esbuild -type f -name esbuild 2>/dev/null
)
for elf in "${elves[@]}"; do
  ldd "$elf" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' || true
done | sort -u | while read -r lib; do
  # Copy both the symlink path and its target so the loader finds either name.
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
# glibc resolves users and hosts through these; keep them minimal.
printf 'root:x:0:0:root:/root:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$ROOT/etc/group"
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
cp /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libnss_files.so.2 "$ROOT/lib/x86_64-linux-gnu/" 2>/dev/null || true

tar -C "$ROOT" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'WORKDIR /app' \
  --change 'ENTRYPOINT ["/usr/local/bin/node"]' \
  - "$IMAGE"
docker tag "$IMAGE" fieldnet/node-base:latest
echo "built $IMAGE"
