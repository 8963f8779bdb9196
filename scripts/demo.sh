#!/usr/bin/env bash
# The main job on a fresh machine: a throwaway PostgreSQL, an example migration applied
# phase by phase, status, rollback, server stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-build-deps.sh
scripts/ensure-postgres.sh
exec cargo run --release --quiet -- demo
