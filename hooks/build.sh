#!/usr/bin/env bash
# The ASK CLI's custom build flow: `ask deploy` runs this from a copy of lambda/ as
#   hooks/build.sh <zip to write> <debug: true|false>
# It builds the skill from this repository (installing its dependencies first on a fresh clone) and writes the zip
# Lambda runs: the same as `npm run package`.
set -euo pipefail

readonly OUT_FILE="${1:?usage: hooks/build.sh <zip to write> [debug]}"
readonly DO_DEBUG="${2:-false}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT

# An absolute path, before leaving the directory the CLI ran us in.
case "$OUT_FILE" in
  /*) out="$OUT_FILE" ;;
  *) out="$PWD/$OUT_FILE" ;;
esac

cd "$ROOT"
if [[ ! -d node_modules ]]; then
  quiet=(--silent)
  [[ "$DO_DEBUG" == true ]] && quiet=()
  npm ci --no-audit --no-fund "${quiet[@]}"
fi
npm run --silent package -- --out "$out"
