#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Runs the sandbox as a process (for a real n8n, the demo, the benchmark):
 *
 *   node sandbox/cli.js [--port 0] [--seed 1] [--population 20000] [--app-secret S]
 *                       [--latency-ms 0] [--calls-per-hour N] [--min-delivery-size 100]
 *                       [--google-processing-delay-ms 0] [--google-requests-per-minute N]
 *                       [--google-token-lifetime-s 3600] [--google-min-serving-size 100]
 *
 * Prints one JSON line {"url":...,"meta":{"token":...,...},"google":{"tokenUrl":...,...}} on stdout
 * once it listens, and stops on SIGINT / SIGTERM. Drive it from outside through the admin routes
 * under /__sandbox/ (the service account's private key: GET /__sandbox/google/service-account).
 */

const { parseArgs } = require('node:util');
const { startSandbox, DEFAULT_TOKEN, DEFAULT_GOOGLE_TOKEN } = require('./index');

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
			'google-processing-delay-ms': { type: 'string' },
			'google-requests-per-minute': { type: 'string' },
			'google-token-lifetime-s': { type: 'string' },
			'google-min-serving-size': { type: 'string' },
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
		google: {
			processingDelayMs: int(values['google-processing-delay-ms'], 'google-processing-delay-ms'),
			requestsPerMinute: int(values['google-requests-per-minute'], 'google-requests-per-minute'),
			tokenLifetimeSeconds: int(values['google-token-lifetime-s'], 'google-token-lifetime-s'),
			minServingSize: int(values['google-min-serving-size'], 'google-min-serving-size'),
		},
	});
	// Google's match indexes are built on first use; built now, the first upload does not pay for them.
	sandbox.population.googleIndex();
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
			google: {
				apiBaseUrl: sandbox.google.apiBaseUrl,
				tokenUrl: sandbox.google.tokenUrl,
				clientEmail: sandbox.google.clientEmail,
				serviceAccount: `${sandbox.url}/__sandbox/google/service-account`,
				token: DEFAULT_GOOGLE_TOKEN,
				oauthClients: sandbox.google.sandboxOptions.oauthClients.map((c) => c.clientId),
				accounts: [...sandbox.google.accounts.values()].map((a) => ({
					id: a.id,
					name: a.name,
					customerMatchAllowed: a.customerMatchAllowed,
					managerIds: a.managerIds,
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
