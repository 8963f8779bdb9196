#!/usr/bin/env bash
# Runs the schema-diff conformance cases in DIR (default ../shared/conformance/migra)
# against a throwaway PostgreSQL (or $DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
dir="${1:-../shared/conformance/migra}"
shift || true
cargo build --release --quiet --bin phaseshift --example conformance
exec target/release/examples/conformance --known scripts/conformance-known.txt "$dir" "$@"
