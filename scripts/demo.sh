#!/usr/bin/env bash
# Quick start: provisions Node 24, installs, builds, and runs the main job against the local sandbox.
#   bash scripts/demo.sh [--contacts N]     in n8n's execution engine, in seconds
#   bash scripts/demo.sh --n8n [--headless] [--port 5678]
#                                           in a real n8n (installed once), then its editor stays up
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
if [ ! -d node_modules/n8n-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm install --no-audit --no-fund --loglevel=error
fi
npm run --silent build >/dev/null
if [ "${1:-}" = --n8n ]; then
	shift
	exec node scripts/demo-n8n.js "$@"
fi
N8N_USER_FOLDER="${N8N_USER_FOLDER:-$(mktemp -d)}" N8N_LOG_LEVEL=silent node scripts/demo.js "$@"
