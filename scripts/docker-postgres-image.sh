#!/usr/bin/env bash
# Builds `fieldnet/postgres:<major>` for the docker devnet's indexer without any registry, the same
# way as the Node base (scripts/docker-node-base.sh): a minimal root filesystem holding the host's
# PostgreSQL server (Debian's package, installed by scripts/ensure-postgres.sh when missing), the
# shared libraries it links against (found with ldd), /bin/sh (initdb runs its helpers through
# it), the time zone data, and an entrypoint that initialises the cluster on first start.
# Skips the build when the image already exists (FORCE=1 rebuilds).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  bash scripts/ensure-postgres.sh >/dev/null
fi
MAJOR="$(ls /usr/lib/postgresql | sort -n | tail -1)"
IMAGE="fieldnet/postgres:${MAJOR}"
if [[ "${FORCE:-0}" != 1 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE exists"
  exit 0
fi

PG_LIB="/usr/lib/postgresql/$MAJOR"
PG_SHARE="/usr/share/postgresql/$MAJOR"
ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT"/{etc,tmp,bin,usr/local/bin,usr/share,var/lib/postgresql/data,var/run/postgresql}
chmod 1777 "$ROOT/tmp"
mkdir -p "$ROOT$PG_LIB" "$ROOT$PG_SHARE"
cp -a "$PG_LIB/bin" "$PG_LIB/lib" "$ROOT$PG_LIB/"
cp -a "$PG_SHARE/." "$ROOT$PG_SHARE/"
rm -rf "$ROOT$PG_SHARE/man"
cp -a /usr/share/zoneinfo "$ROOT/usr/share/"
cp /bin/sh "$ROOT/bin/sh"

# Every ELF the server runs or dlopens: the binaries, the extension libraries, the shell.
for elf in /bin/sh "$PG_LIB"/bin/* "$PG_LIB"/lib/*.so; do
  ldd "$elf" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' || true
done | sort -u | while read -r lib; do
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done

# initdb refuses to run as root: the server runs as uid 70 ("postgres"), which owns its dirs.
printf 'root:x:0:0:root:/root:/bin/false\npostgres:x:70:70:postgres:/var/lib/postgresql:/bin/sh\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\npostgres:x:70:\n' > "$ROOT/etc/group"
printf 'hosts: files\npasswd: files\ngroup: files\n' > "$ROOT/etc/nsswitch.conf"
cp /lib/x86_64-linux-gnu/libnss_files.so.2 "$ROOT/lib/x86_64-linux-gnu/" 2>/dev/null || true

# First start: a cluster whose superuser is $POSTGRES_USER with $POSTGRES_PASSWORD, a database
# $POSTGRES_DB, password logins from the container network. Later starts reuse the volume.
cat > "$ROOT/usr/local/bin/pg-entrypoint" <<EOF
#!/bin/sh
set -e
PATH=$PG_LIB/bin:/bin
DATA=/var/lib/postgresql/data
USER_NAME="\${POSTGRES_USER:-fieldnet}"
DB_NAME="\${POSTGRES_DB:-fieldnet}"
if [ ! -s "\$DATA/PG_VERSION" ]; then
  printf '%s\n' "\${POSTGRES_PASSWORD:-fieldnet}" > /tmp/pwfile
  initdb -D "\$DATA" -U "\$USER_NAME" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 --locale=C -E UTF8 >/dev/null 2>&1
  : > /tmp/pwfile  # no coreutils in the image; the shell truncates it
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "\$DATA/pg_hba.conf"
  echo "CREATE DATABASE \"\$DB_NAME\" OWNER \"\$USER_NAME\";" | postgres --single -D "\$DATA" -j postgres >/dev/null
fi
exec postgres -D "\$DATA" -c listen_addresses='*' -k /var/run/postgresql
EOF
chmod 755 "$ROOT/usr/local/bin/pg-entrypoint"
chown -R 70:70 "$ROOT/var/lib/postgresql" "$ROOT/var/run/postgresql"
chmod 700 "$ROOT/var/lib/postgresql/data"

tar -C "$ROOT" -c . | docker import \
  --change 'ENV TZ=UTC' \
  --change 'USER postgres' \
  --change 'EXPOSE 5432' \
  --change 'VOLUME /var/lib/postgresql/data' \
  --change 'ENTRYPOINT ["/usr/local/bin/pg-entrypoint"]' \
  - "$IMAGE"
docker tag "$IMAGE" fieldnet/postgres:latest
echo "built $IMAGE"
