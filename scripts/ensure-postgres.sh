#!/usr/bin/env bash
# Makes a local PostgreSQL available for the indexer's Postgres suite and prints its DATABASE_URL
# on stdout (progress goes to stderr). Idempotent: installs the distribution's package only when
# missing, starts the cluster only when stopped, and sets the password/role only once.
#   export DATABASE_URL=$(bash scripts/ensure-postgres.sh)
set -euo pipefail
log() { echo "ensure-postgres: $*" >&2; }
SUDO=""; AS_PG=(runuser -u postgres --)
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; AS_PG=(sudo -u postgres); fi

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql (apt)"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  log "creating cluster $version/main"
  $SUDO pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster $version/main"
  $SUDO pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
PASSWORD=${FIELDNET_PG_PASSWORD:-fieldnet}
"${AS_PG[@]}" psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldnet') THEN
    CREATE ROLE fieldnet LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
if ! "${AS_PG[@]}" psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname='fieldnet'" | grep -q 1; then
  "${AS_PG[@]}" createdb -p "$port" -O fieldnet fieldnet >&2
fi
echo "postgres://fieldnet:$PASSWORD@127.0.0.1:$port/fieldnet"
