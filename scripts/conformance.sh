#!/usr/bin/env bash
# Runs the schema-diff conformance cases in DIR (default ../shared/conformance/migra)
# against a throwaway PostgreSQL (or $DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
dir="${1:-../shared/conformance/migra}"
shift || true
# The dev profile: `cargo test` has already built it (CI runs this right after).
cargo build --quiet --bin phaseshift --example conformance
exec target/debug/examples/conformance --known scripts/conformance-known.txt "$dir" "$@"
