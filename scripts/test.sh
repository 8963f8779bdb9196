#!/usr/bin/env bash
# The full test suite on a fresh machine. Starts its own throwaway PostgreSQL, or uses
# the server at $DATABASE_URL (each test in a fresh database of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-build-deps.sh
scripts/ensure-postgres.sh
exec cargo test
