// @ts-check
'use strict';

/**
 * n8n in queue mode for end-to-end tests: Debian's Redis and PostgreSQL (provisioned by
 * scripts/e2e/provision.sh --queue), each started on a free port of 127.0.0.1 with its data in a
 * temporary folder, then an n8n main (startN8n) and workers (`n8n worker`) sharing the user folder
 * (so the installed package), the database, the Redis queue and one encryption key. Everything is
 * stopped by the process (group) id it was started with.
 *
 * PostgreSQL refuses to run as root: when the tests run as root, initdb and postgres run as the
 * `postgres` user Debian's package creates (the data folder is handed to it).
 */

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startN8n, spawnN8n, withOwnPorts, provisionN8n, freePort } = require('./n8n');
const { spawnGroup } = require('./process');

/**
 * @typedef {{ pid: number, port: number, log: () => string, stop: () => Promise<void> }} Service
 * @typedef {import('./n8n').N8nProcess & { name: string }} Worker
 */

/**
 * A server process in a group of its own, output kept; `stop` sends `signal` to the group (SIGKILL
 * after 15 s) and removes `dir`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ dir: string, ready: string, signal: NodeJS.Signals, uid?: number, gid?: number }} options
 * @returns {Promise<{ pid: number, log: () => string, stop: () => Promise<void> }>}
 */
async function startServer(command, args, { dir, ready, signal, uid, gid }) {
	const server = spawnGroup(command, args, { cwd: dir, uid, gid, label: path.basename(command), stopSignal: signal });
	async function stop() {
		await server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
	try {
		await server.waitForLog(ready, 60000);
	} catch (error) {
		await stop();
		throw error;
	}
	return { pid: server.pid, log: server.log, stop };
}

/** Redis with nothing on disk. @returns {Promise<Service>} */
async function startRedis() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audience-sync-redis-'));
	const port = await freePort();
	const server = await startServer(
		'/usr/bin/redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{ dir, ready: 'Ready to accept connections', signal: 'SIGTERM' },
	);
	return { ...server, port };
}

/**
 * PostgreSQL with a fresh cluster (user `n8n`, trust on loopback) and a database `n8n`; fsync off,
 * the data is thrown away.
 * @returns {Promise<Service & { user: string, database: string }>}
 */
async function startPostgres() {
	const bin = fs.readdirSync('/usr/lib/postgresql').map((version) => `/usr/lib/postgresql/${version}/bin`)
		.filter((dir) => fs.existsSync(`${dir}/postgres`)).sort().at(-1);
	if (!bin) throw new Error('PostgreSQL is not installed (scripts/e2e/provision.sh --queue installs it)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audience-sync-postgres-'));
	/** @type {{ uid?: number, gid?: number }} */
	const as = {};
	if (process.getuid?.() === 0) {
		as.uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		as.gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		fs.chownSync(dir, as.uid, as.gid);
	}
	const data = path.join(dir, 'data');
	execFileSync(`${bin}/initdb`, ['-D', data, '-U', 'n8n', '-A', 'trust', '-E', 'UTF8', '--no-sync'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], ...as });
	const port = await freePort();
	const server = await startServer(
		`${bin}/postgres`,
		['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		// SIGINT: PostgreSQL's fast shutdown.
		{ dir, ready: 'database system is ready to accept connections', signal: 'SIGINT', ...as },
	);
	try {
		execFileSync(`${bin}/createdb`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'], { stdio: ['ignore', 'ignore', 'pipe'] });
	} catch (error) {
		await server.stop();
		throw new Error(`createdb failed: ${error instanceof Error ? error.message : String(error)}`);
	}
	return { ...server, port, user: 'n8n', database: 'n8n' };
}

/**
 * @typedef {{ main: import('./n8n').RunningN8n, workers: Worker[], redis: Service, postgres: Service,
 *   startWorker: (name: string) => Promise<Worker>, stop: () => Promise<void> }} QueueN8n
 */

/**
 * n8n in queue mode: Redis, PostgreSQL, a main and `workers` workers with the package installed.
 * Each worker runs `concurrency` executions at a time. `stop` stops what was started, workers
 * first, whatever failed.
 * @param {{ workers?: number, concurrency?: number, env?: Record<string, string> }} [options]
 * @returns {Promise<QueueN8n>}
 */
async function startQueueN8n(options = {}) {
	provisionN8n({ queue: true });
	/** @type {Array<{ stop: () => Promise<void> }>} in the order they started */
	const started = [];
	/** @type {Worker[]} */
	const workers = [];
	async function stop() {
		for (const service of started.splice(0).reverse()) {
			try {
				await service.stop();
			} catch {
				// The others are stopped all the same.
			}
		}
	}
	try {
		const redis = await startRedis();
		started.push(redis);
		const postgres = await startPostgres();
		started.push(postgres);
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('base64url'),
			// Manual executions from the editor run on the workers too.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			...options.env,
		};
		const main = await startN8n({ env });
		started.push(main);
		/** @param {string} name */
		async function startWorker(name) {
			const worker = { ...spawnN8n(main.bin, ['worker', `--concurrency=${options.concurrency ?? 10}`], { cwd: main.userFolder, env: await withOwnPorts(main.env) }), name };
			// Stopped before the main (which removes the user folder they share).
			started.splice(started.indexOf(main), 0, worker);
			workers.push(worker);
			await worker.waitForLog('n8n worker is now ready', 120000);
			return worker;
		}
		await Promise.all(Array.from({ length: options.workers ?? 2 }, (_, i) => startWorker(`worker ${i + 1}`)));
		return { main, workers, redis, postgres, startWorker, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * An HTTP server on 127.0.0.1 that answers `GET /hold/<id>` only when told to: an execution whose
 * HTTP Request node calls it keeps its worker busy until `release(id)`.
 * @returns {Promise<{ url: string, holding: () => string[], release: (id: string) => void, close: () => Promise<void> }>}
 */
async function startHoldServer() {
	const http = require('node:http');
	/** @type {Map<string, import('node:http').ServerResponse>} */
	const held = new Map();
	const server = http.createServer((request, response) => {
		const id = /^\/hold\/([\w-]+)/.exec(request.url ?? '')?.[1];
		if (id) held.set(id, response);
		else response.writeHead(404).end();
	});
	const port = await freePort();
	await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
	/** @param {string} id */
	const release = (id) => {
		held.get(id)?.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		held.delete(id);
	};
	return {
		url: `http://127.0.0.1:${port}`,
		holding: () => [...held.keys()],
		release,
		async close() {
			for (const id of [...held.keys()]) release(id);
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

module.exports = { startQueueN8n, startRedis, startPostgres, startHoldServer };
