#!/usr/bin/env bash
# The project's test command: provisions Node 24, installs, builds, lints, type-checks, tests.
# Usage: bash scripts/test.sh [jest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

echo "== node $(node --version), npm $(npm --version)"
if [ "${AUDIENCE_SYNC_SKIP_INSTALL:-}" != "1" ]; then
	echo "== install"
	# `npm ci` rejects this lockfile: npm drops the other platforms' optional bindings from a lockfile
	# written without registry URLs, then reports them missing. `npm install` honours the lock.
	npm install --no-audit --no-fund --loglevel=error
fi
echo "== build"
npm run --silent build
echo "== lint (n8n community-node rules, cloud support on)"
npm run --silent lint
echo "== scan the compiled package like n8n's package scanner"
node scripts/scan-dist.mjs
echo "== type-check tests, sandbox and scripts"
npx --no-install tsc -p tsconfig.dev.json
echo "== tests"
mkdir -p .tmp
status=0
npx --no-install jest --ci --json --outputFile=.tmp/jest-results.json "$@" || status=$?
node -e '
const r = require("./.tmp/jest-results.json");
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
if (r.numTotalTests === 0 || r.numPendingTests > 0) { console.error("no test may be skipped, and some must run"); process.exit(1); }
' || status=1
exit $status
