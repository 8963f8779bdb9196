#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_dump, psql) are
# installed; installs Debian's postgresql package when they are not and we can.
set -euo pipefail
if [ -n "${PHASESHIFT_PG_BINDIR:-}" ] && [ -x "$PHASESHIFT_PG_BINDIR/initdb" ]; then exit 0; fi
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then exit 0; fi
if [ -n "${DATABASE_URL:-}" ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing PostgreSQL server binaries (apt-get install postgresql)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  exit 0
fi
echo "PostgreSQL server binaries not found: install PostgreSQL (Debian: apt-get install postgresql)," >&2
echo "set PHASESHIFT_PG_BINDIR to their directory, or set DATABASE_URL to a running server." >&2
exit 1
