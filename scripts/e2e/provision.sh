#!/usr/bin/env bash
# Provisions what the real-n8n suites need, once per version, cached outside the clone:
# n8n itself (installed the offline way: no install scripts, then sqlite3 rebuilt from its bundled
# source) and Debian's Chromium; with --queue also Debian's Redis and PostgreSQL (for n8n's queue
# mode, test/browser/queue.test.ts); --no-browser leaves Chromium out (the demo needs none).
# Safe to run again: each part is skipped when it is there.
# Prints the n8n install folder on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/env.sh

N8N_VERSION="${AUDIENCE_SYNC_N8N_VERSION:-2.41.1}"
n8n_dir="$AUDIENCE_SYNC_CACHE/n8n-$N8N_VERSION-node$(node -p 'process.versions.modules')"

if [ ! -f "$n8n_dir/.ready" ]; then
	echo "audience-sync: installing n8n $N8N_VERSION into $n8n_dir (once; several minutes)" >&2
	rm -rf "$n8n_dir.partial"
	mkdir -p "$n8n_dir.partial"
	(
		cd "$n8n_dir.partial"
		echo '{"name":"audience-sync-n8n","private":true}' >package.json
		# @confluentinc/kafka-javascript's install script downloads a binary: skip every install
		# script, then build the one native module n8n needs to start (sqlite3) from its own source.
		npm install "n8n@$N8N_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
		npm rebuild sqlite3 --loglevel=error >&2
	)
	rm -rf "$n8n_dir"
	mv "$n8n_dir.partial" "$n8n_dir"
	touch "$n8n_dir/.ready"
fi

# Debian packages the suites need: Chromium (unless --no-browser), Redis and PostgreSQL with --queue.
queue=0 browser=1
for arg in "$@"; do
	case "$arg" in
	--queue) queue=1 ;;
	--no-browser) browser=0 ;;
	*) echo "provision.sh: unknown option $arg" >&2; exit 2 ;;
	esac
done
missing=()
[ "$browser" = 0 ] || [ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "$queue" = 1 ]; then
	[ -x /usr/bin/redis-server ] || missing+=(redis-server)
	compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
fi
if [ "${#missing[@]}" -gt 0 ]; then
	echo "audience-sync: installing Debian's ${missing[*]}" >&2
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq >&2
		# policy-rc.d may refuse to start the services it installs: the tests start their own.
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
	else
		echo "audience-sync: missing ${missing[*]}; install these Debian packages as root" >&2
		exit 1
	fi
fi

echo "$n8n_dir"
