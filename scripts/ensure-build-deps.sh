#!/usr/bin/env bash
# Makes sure what the build needs besides Rust is installed: libclang, for pg_query (it
# generates its bindings to PostgreSQL's parser with bindgen). Installs Debian's
# libclang-dev when it is missing and we can.
set -euo pipefail
if [ -n "${LIBCLANG_PATH:-}" ]; then exit 0; fi
if ldconfig -p 2>/dev/null | grep -q 'libclang[-.0-9]*\.so'; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing libclang for pg_query (apt-get install libclang-dev)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq libclang-dev >/dev/null
  exit 0
fi
echo "libclang not found: install it (Debian: apt-get install libclang-dev) or set LIBCLANG_PATH" >&2
exit 1
