#!/usr/bin/env bash
# Quick start: provisions Node 24, installs, builds, and runs the main job against the local sandbox.
# Usage: bash scripts/demo.sh [--contacts N]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
if [ ! -d node_modules/n8n-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm install --no-audit --no-fund --loglevel=error
fi
npm run --silent build >/dev/null
N8N_USER_FOLDER="${N8N_USER_FOLDER:-$(mktemp -d)}" N8N_LOG_LEVEL=silent node scripts/demo.js "$@"
