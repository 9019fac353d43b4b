// @ts-check
'use strict';

/**
 * Measures the built package (dist/) on this machine: identifier normalization + hashing
 * throughput, and a whole Audience Member run of N contacts through n8n's engine against the
 * local sandbox, per platform. Prints a Markdown table. Nothing leaves 127.0.0.1.
 *
 * Usage: node scripts/bench.js [--contacts 100000]
 */

const path = require('node:path');
const { createEngine } = require('./lib/engine');
const { startSandbox } = require('../sandbox');

const dist = path.join(__dirname, '..', 'dist');
const PACKAGE = 'n8n-nodes-audience-sync';

function argument(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

function toContact(raw) {
	return {
		email: raw.email,
		phone: raw.phone,
		firstName: raw.first_name,
		lastName: raw.last_name,
		city: raw.city,
		state: raw.state,
		zip: raw.zip,
		country: raw.country,
		dateOfBirth: raw.date_of_birth,
		gender: raw.gender,
		externalId: raw.external_id,
	};
}

async function main() {
	const count = argument('contacts', 100_000);
	const { buildMetaRow } = require(path.join(dist, 'nodes/shared/platforms/meta/identifiers.js'));
	const { buildGoogleMember } = require(path.join(dist, 'nodes/shared/platforms/google/identifiers.js'));
	const { AdAudience } = require(path.join(dist, 'nodes/AdAudience/AdAudience.node.js'));
	const { AudienceMember } = require(path.join(dist, 'nodes/AudienceMember/AudienceMember.node.js'));
	const { MetaAdsApi } = require(path.join(dist, 'credentials/MetaAdsApi.credentials.js'));
	const { GoogleDataManagerServiceAccountApi } = require(path.join(dist, 'credentials/GoogleDataManagerServiceAccountApi.credentials.js'));
	const engine = createEngine({
		nodes: { [`${PACKAGE}.adAudience`]: new AdAudience(), [`${PACKAGE}.audienceMember`]: new AudienceMember() },
		credentials: { metaAdsApi: new MetaAdsApi(), googleDataManagerServiceAccountApi: new GoogleDataManagerServiceAccountApi() },
	});

	const sandbox = await startSandbox({ populationSize: count });
	const raw = sandbox.population.rawContacts(count, { messy: true }).map((c) => ({ ...c, consent: true }));
	const rows = [];

	try {
		const contacts = raw.map(toContact);
		for (const [label, build] of [
			['Meta row (13 keys hashed)', (c) => buildMetaRow(c, { defaultCountry: 'US' })],
			['Google member (3 identifiers)', (c) => buildGoogleMember(c, { defaultCountry: 'US' })],
		]) {
			const t0 = process.hrtime.bigint();
			for (const contact of contacts) build(contact);
			const ms = Number(process.hrtime.bigint() - t0) / 1e6;
			rows.push([`normalize + hash: ${label}`, count, `${ms.toFixed(0)} ms`, `${Math.round((count / ms) * 1000).toLocaleString('en-US')} contacts/s`]);
		}

		const metaCredentials = { metaAdsApi: { accessToken: 'sandbox-meta-token', appSecret: '', graphVersion: 'v26.0', baseUrl: sandbox.url } };
		const adAccount = { __rl: true, mode: 'id', value: 'act_1234567890' };
		const created = await engine.runNode({
			type: `${PACKAGE}.adAudience`,
			parameters: { platform: 'meta', operation: 'create', adAccount, name: 'Bench', customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'useExisting' },
			credentials: metaCredentials,
		});
		const audience = { __rl: true, mode: 'id', value: String(created.items[0].json.id) };
		const before = sandbox.requests.length;
		const t0 = Date.now();
		const run = await engine.runNode({
			type: `${PACKAGE}.audienceMember`,
			parameters: { platform: 'meta', operation: 'add', adAccount, audience, options: { summaryOnly: true, defaultCountry: 'US' } },
			credentials: metaCredentials,
			input: raw,
		});
		const ms = Date.now() - t0;
		if (run.error) throw run.error;
		const sent = sandbox.requests.slice(before);
		const bytes = sent.reduce((sum, r) => sum + (r.bodyBytes ?? 0), 0);
		rows.push([
			'Audience Member → Add, Meta (engine + sandbox)',
			count,
			`${ms} ms`,
			`${Math.round((count / ms) * 1000).toLocaleString('en-US')} contacts/s; ${sent.length} requests, ${(bytes / 1e6).toFixed(1)} MB`,
		]);

		if (sandbox.google?.serviceAccount) {
			const store = engine.credentialStore({
				googleDataManagerServiceAccountApi: {
					clientEmail: sandbox.google.serviceAccount.clientEmail,
					privateKey: sandbox.google.serviceAccount.privateKeyPem,
					grantUrl: `${sandbox.url}/token`,
					baseUrl: sandbox.url,
					loginAccountId: '',
					accessToken: '',
				},
			});
			const common = { platform: 'google', authentication: 'serviceAccount', googleAccountId: '1234567890' };
			const list = await engine.runNode({
				type: `${PACKAGE}.adAudience`,
				parameters: { ...common, operation: 'create', name: 'Bench', ifExists: 'useExisting', options: {} },
				credentials: store,
			});
			if (list.error) throw list.error;
			const googleBefore = sandbox.requests.length;
			const g0 = Date.now();
			const googleRun = await engine.runNode({
				type: `${PACKAGE}.audienceMember`,
				parameters: { ...common, operation: 'add', userList: { __rl: true, mode: 'id', value: String(list.items[0].json.id) }, options: { summaryOnly: true, defaultCountry: 'US' } },
				credentials: store,
				input: raw,
			});
			const gms = Date.now() - g0;
			if (googleRun.error) throw googleRun.error;
			const googleSent = sandbox.requests.slice(googleBefore).filter((r) => r.path.includes('audienceMembers'));
			const googleBytes = googleSent.reduce((sum, r) => sum + (r.bodyBytes ?? 0), 0);
			rows.push([
				'Audience Member → Add, Google (engine + sandbox)',
				count,
				`${gms} ms`,
				`${Math.round((count / gms) * 1000).toLocaleString('en-US')} contacts/s; ${googleSent.length} requests, ${(googleBytes / 1e6).toFixed(1)} MB`,
			]);
		}
	} finally {
		await sandbox.close();
	}

	process.stdout.write('| measurement | contacts | time | throughput |\n|---|---|---|---|\n');
	for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}

main().catch((error) => {
	process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
