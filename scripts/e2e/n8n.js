// @ts-check
'use strict';

/**
 * A real n8n for end-to-end and browser tests, set up as a user sets it up: the package is packed
 * with `npm pack` and installed with npm into a fresh user folder's `.n8n/nodes`, then n8n starts
 * on 127.0.0.1 with that folder, an owner is created and a session opened. Everything it starts
 * it stops by the process group of the n8n it spawned.
 *
 * n8n itself comes from scripts/e2e/provision.sh (cached by version outside the clone).
 */

const { execFileSync } = require('node:child_process');
const { spawnGroup } = require('./process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const OWNER = { email: 'owner@audience-sync.test', firstName: 'Olive', lastName: 'Owner', password: 'Sandbox-Passw0rd!' };

/** @returns {Promise<number>} a free TCP port on 127.0.0.1 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/**
 * The n8n install folder, provisioned once (prints it), with Debian's Chromium unless `browser` is
 * false; `queue` also provisions Redis and PostgreSQL.
 * @param {{ queue?: boolean, browser?: boolean }} [options]
 */
function provisionN8n(options = {}) {
	const args = [...(options.queue ? ['--queue'] : []), ...(options.browser === false ? ['--no-browser'] : [])];
	return execFileSync('bash', [path.join(ROOT, 'scripts/e2e/provision.sh'), ...args], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim().split('\n').at(-1) ?? '';
}

/**
 * Packs the built package (dist/ must be current) and returns the tarball's path.
 * @param {string} outDir
 */
function packPackage(outDir) {
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: ROOT, encoding: 'utf8' });
	return path.join(outDir, out.trim().split('\n').at(-1) ?? '');
}

/**
 * The files `npm pack` would put in the tarball, and the package.json it would carry.
 * @returns {{ files: string[], manifest: Record<string, any> }}
 */
function packedContents() {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: ROOT, encoding: 'utf8' });
	const [entry] = JSON.parse(out);
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return { files: entry.files.map((/** @type {{ path: string }} */ file) => file.path), manifest };
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` as README's manual install says.
 * @param {string} userFolder
 * @param {string} tarball
 */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	// Without a package.json here, npm walks up and installs into a parent folder.
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	execFileSync('npm', ['install', tarball, '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: nodesDir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	return nodesDir;
}

/**
 * n8n's environment for a user folder and ports: loopback only, no telemetry, community packages
 * on. The test runner's own JEST_/N8N_/NODE_ variables are left out.
 * @param {{ userFolder: string, port: number, brokerPort: number, env?: Record<string, string> }} options
 * @returns {Record<string, string>}
 */
function n8nEnv({ userFolder, port, brokerPort, env: extra = {} }) {
	const url = `http://127.0.0.1:${port}`;
	const inherited = /** @type {Record<string, string>} */ (Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^(JEST_|N8N_|NODE_ENV$|NODE_OPTIONS$)/.test(name)),
	));
	return {
		...inherited,
		// A test runner's NODE_ENV=test makes n8n exit silently at start.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_EDITOR_BASE_URL: url,
		WEBHOOK_URL: `${url}/`,
		...brokerEnv(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

/** The task-runner broker of one n8n process (each process runs its own). @param {number} port */
function brokerEnv(port) {
	return {
		N8N_RUNNERS_BROKER_PORT: String(port),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_TASK_BROKER_URI: `http://127.0.0.1:${port}`,
	};
}

/**
 * The environment of another n8n process next to a running one (a CLI command, a queue-mode
 * worker): the same settings, with an HTTP port and a task-runner broker port of its own.
 * @param {Record<string, string>} env
 */
async function withOwnPorts(env) {
	const [port, broker] = [await freePort(), await freePort()];
	return { ...env, N8N_PORT: String(port), ...brokerEnv(broker) };
}

/** @param {string} n8nDir */
const n8nBinOf = (n8nDir) => path.join(n8nDir, 'node_modules/n8n/bin/n8n');

/** @typedef {import('./process').GroupProcess} N8nProcess */

/**
 * Spawns `n8n <args>` in a process group of its own (see spawnGroup).
 * @param {string} n8nBin
 * @param {string[]} args
 * @param {{ cwd: string, env: Record<string, string> }} options
 * @returns {N8nProcess}
 */
function spawnN8n(n8nBin, args, { cwd, env }) {
	return spawnGroup(process.execPath, [n8nBin, ...args], { cwd, env, label: `n8n ${args.join(' ')}` });
}

/**
 * @typedef {{ url: string, userFolder: string, log: () => string, cookie: string, pid: number,
 *   env: Record<string, string>, bin: string,
 *   rest: (method: string, route: string, body?: unknown) => Promise<any>,
 *   createApiKey: (label: string, scopes: string[]) => Promise<string>,
 *   publicApi: (apiKey: string, method: string, route: string) => Promise<any>,
 *   cli: (args: string[]) => Promise<string>,
 *   importCredentials: (list: unknown[]) => Promise<void>,
 *   importWorkflows: (workflows: Array<string | Record<string, unknown>>) => Promise<void>,
 *   importExample: (example: string | Record<string, unknown>) => Promise<void>,
 *   stop: () => Promise<void> }} RunningN8n
 */

/** `port` when nothing listens on it on 127.0.0.1, else a free one. @param {number | undefined} port */
async function portOrFree(port) {
	if (!port) return await freePort();
	const free = await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? port : await freePort();
}

/**
 * Starts n8n with the package installed; resolves once the owner is logged in (created on the
 * first start of a user folder). Without `userFolder` it runs in a fresh temporary one that `stop`
 * removes; a given `userFolder` is kept, with its database, for the next start. `port` is used
 * when it is free.
 * `browser: false` provisions n8n without Chromium.
 * @param {{ env?: Record<string, string>, tarball?: string, userFolder?: string, port?: number, browser?: boolean }} [options]
 * @returns {Promise<RunningN8n>}
 */
async function startN8n(options = {}) {
	const n8nDir = provisionN8n({ browser: options.browser });
	const keep = options.userFolder !== undefined;
	const userFolder = keep ? path.resolve(/** @type {string} */ (options.userFolder)) : fs.mkdtempSync(path.join(os.tmpdir(), 'audience-sync-n8n-'));
	fs.mkdirSync(userFolder, { recursive: true });
	const tarball = options.tarball ?? packPackage(userFolder);
	installPackage(userFolder, tarball);
	const [port, brokerPort] = [await portOrFree(options.port), await freePort()];
	const url = `http://127.0.0.1:${port}`;
	const env = n8nEnv({ userFolder, port, brokerPort, env: options.env });
	const n8nBin = n8nBinOf(n8nDir);
	const main = spawnN8n(n8nBin, ['start'], { cwd: userFolder, env });

	async function stop() {
		await main.stop();
		if (!keep) fs.rmSync(userFolder, { recursive: true, force: true });
	}

	let cookie = '';
	/** @type {RunningN8n['rest']} */
	async function rest(method, route, body) {
		const response = await fetch(`${url}${route}`, {
			method,
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), 'browser-id': 'audience-sync-tests' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		if (!response.ok) throw new Error(`n8n ${method} ${route} → ${response.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : undefined;
	}

	/** An API key of the owner with these scopes (n8n shows the raw key only once). @type {RunningN8n['createApiKey']} */
	async function createApiKey(label, scopes) {
		const created = await rest('POST', '/rest/api-keys', { label, scopes, expiresAt: null });
		return created.data.rawApiKey;
	}

	/** n8n's public API (`/api/v1`), as an API client calls it. @type {RunningN8n['publicApi']} */
	async function publicApi(apiKey, method, route) {
		const response = await fetch(`${url}/api/v1${route}`, { method, headers: { 'X-N8N-API-KEY': apiKey } });
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n API ${method} ${route} → ${response.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : undefined;
	}

	try {
		const deadline = Date.now() + 120000;
		await main.waitForLog('Editor is now accessible', 120000);
		for (;;) {
			if (main.exited()) throw new Error(`n8n exited during start:\n${main.log().slice(-3000)}`);
			if (Date.now() > deadline) throw new Error(`n8n did not start in 120 s:\n${main.log().slice(-3000)}`);
			const settings = await fetch(`${url}/rest/settings`).catch(() => undefined);
			if (settings?.ok) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const login = () => rest('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		const { data: settings } = await rest('GET', '/rest/settings');
		if (settings.userManagement?.showSetupOnFirstLoad !== false) await rest('POST', '/rest/owner/setup', OWNER);
		await login();
	} catch (error) {
		await stop();
		throw error;
	}
	/**
	 * Runs an n8n CLI command against the same user folder and database, with ports of its own
	 * (the running n8n holds the others). Resolves with its standard output.
	 * @param {string[]} args
	 * @returns {Promise<string>}
	 */
	async function cli(args) {
		const cliEnv = await withOwnPorts(env);
		const { execFile } = require('node:child_process');
		return await new Promise((resolve, reject) => {
			execFile(
				process.execPath,
				[n8nBin, ...args],
				{ cwd: userFolder, env: cliEnv, maxBuffer: 256 * 1024 * 1024, timeout: 300000 },
				(error, stdout, stderr) =>
					error ? reject(new Error(`n8n ${args.join(' ')} failed: ${error.message}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`)) : resolve(stdout),
			);
		});
	}

	/** `n8n import:credentials` of plain credentials (n8n encrypts them), ids kept. @param {unknown[]} list */
	async function importCredentials(list) {
		const file = path.join(userFolder, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(list), { mode: 0o600 });
		try {
			await cli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * One `n8n import:workflow` of several workflows (each CLI run costs n8n's start): files of
	 * the project's examples/ folder by name, or workflow objects (an example adapted to this
	 * machine, such as a file path). Their ids are kept.
	 * @param {Array<string | Record<string, unknown>>} workflows
	 */
	async function importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(userFolder, 'import-'));
		try {
			workflows.forEach((workflow, i) => {
				const json = typeof workflow === 'string' ? fs.readFileSync(path.join(ROOT, 'examples', workflow), 'utf8') : JSON.stringify(workflow);
				fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.json`), json);
			});
			await cli(['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/** @param {string | Record<string, unknown>} example */
	const importExample = (example) => importWorkflows([example]);

	return {
		url, userFolder, env, bin: n8nBin, pid: main.pid, log: main.log, get cookie() { return cookie; },
		rest, createApiKey, publicApi, cli, importCredentials, importWorkflows, importExample, stop,
	};
}

module.exports = { startN8n, spawnN8n, withOwnPorts, provisionN8n, packPackage, packedContents, installPackage, OWNER, freePort };
