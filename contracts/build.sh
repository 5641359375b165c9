#!/usr/bin/env bash
# Rebuilds out/ from src/ with the pinned solc-js (npm package, runs offline). `build.sh --check` only verifies that
# the committed out/ is what the pinned compiler makes of src/ (byte for byte).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/solc/package.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi
exec node build.mjs "$@"
