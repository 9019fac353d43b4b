#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Runs the sandbox as a process (for a real n8n, the demo, the benchmark):
 *
 *   node sandbox/cli.js [--port 0] [--seed 1] [--population 20000] [--app-secret S]
 *                       [--latency-ms 0] [--calls-per-hour N] [--min-delivery-size 100]
 *
 * Prints one JSON line {"url":...,"meta":{"token":...,...}} on stdout once it listens, and stops on
 * SIGINT / SIGTERM. Drive it from outside through the admin routes under /__sandbox/.
 */

const { parseArgs } = require('node:util');
const { startSandbox, DEFAULT_TOKEN } = require('./index');

/**
 * @param {string | undefined} value
 * @param {string} name
 * @returns {number | undefined}
 */
function int(value, name) {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`--${name} needs an integer ≥ 0, got "${value}"`);
	return n;
}

async function main() {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			seed: { type: 'string' },
			population: { type: 'string' },
			'app-secret': { type: 'string' },
			'latency-ms': { type: 'string' },
			'calls-per-hour': { type: 'string' },
			'min-delivery-size': { type: 'string' },
		},
		strict: true,
	});
	const sandbox = await startSandbox({
		port: int(values.port, 'port') ?? 0,
		seed: int(values.seed, 'seed'),
		populationSize: int(values.population, 'population'),
		latencyMs: int(values['latency-ms'], 'latency-ms'),
		meta: {
			appSecret: values['app-secret'],
			callsPerHour: int(values['calls-per-hour'], 'calls-per-hour'),
			minDeliverySize: int(values['min-delivery-size'], 'min-delivery-size'),
		},
	});
	process.stdout.write(
		`${JSON.stringify({
			url: sandbox.url,
			meta: {
				token: DEFAULT_TOKEN,
				graphVersion: 'v26.0',
				appSecretRequired: values['app-secret'] !== undefined,
				adAccounts: [...sandbox.meta.adAccounts.values()].map((a) => ({
					id: a.id,
					name: a.name,
					tosAccepted: a.tosAccepted,
				})),
			},
			admin: `${sandbox.url}/__sandbox/state`,
		})}\n`,
	);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
