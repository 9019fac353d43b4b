// @ts-check
'use strict';

/**
 * The main job, end to end against the local sandbox: find-or-create a Meta customer-list
 * audience, add a CRM segment (with consent, exclusions and a few broken rows), read its status,
 * remove people who left, then replace the whole audience with a new segment.
 * Runs the built nodes (dist/) inside n8n's execution engine. Nothing leaves 127.0.0.1.
 *
 * Usage: node scripts/demo.js [--contacts 5000]
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

function line(label, value) {
	process.stdout.write(`  ${label.padEnd(26)} ${value}\n`);
}

async function main() {
	const contactCount = argument('contacts', 5000);
	const { AdAudience } = require(path.join(dist, 'nodes/AdAudience/AdAudience.node.js'));
	const { AudienceMember } = require(path.join(dist, 'nodes/AudienceMember/AudienceMember.node.js'));
	const { MetaAdsApi } = require(path.join(dist, 'credentials/MetaAdsApi.credentials.js'));
	const { GoogleDataManagerServiceAccountApi } = require(path.join(dist, 'credentials/GoogleDataManagerServiceAccountApi.credentials.js'));
	const engine = createEngine({
		nodes: { [`${PACKAGE}.adAudience`]: new AdAudience(), [`${PACKAGE}.audienceMember`]: new AudienceMember() },
		credentials: { metaAdsApi: new MetaAdsApi(), googleDataManagerServiceAccountApi: new GoogleDataManagerServiceAccountApi() },
	});

	const sandbox = await startSandbox({ populationSize: Math.max(2 * contactCount, 1000) });
	const credentials = {
		metaAdsApi: { accessToken: 'sandbox-meta-token', appSecret: '', graphVersion: 'v26.0', baseUrl: sandbox.url },
	};
	const adAccount = { __rl: true, mode: 'id', value: 'act_1234567890' };
	const run = async (type, parameters, input) => {
		const result = await engine.runNode({ type: `${PACKAGE}.${type}`, parameters: { platform: 'meta', adAccount, ...parameters }, credentials, input });
		if (result.error) throw new Error(`${result.error.message}: ${result.error.description ?? ''}`);
		return result.items.map((item) => item.json);
	};

	try {
		process.stdout.write(`Sandbox Graph API at ${sandbox.url}\n\n1. Ad Audience → Create (find-or-create by name)\n`);
		const [audience] = await run('adAudience', {
			operation: 'create',
			name: 'Newsletter subscribers',
			customerFileSource: 'USER_PROVIDED_ONLY',
			ifExists: 'useExisting',
		});
		line('audience', `${audience.id} "${audience.name}" (created: ${audience.created})`);
		const audienceRef = { __rl: true, mode: 'id', value: String(audience.id) };

		process.stdout.write(`\n2. Audience Member → Add ${contactCount} CRM contacts (messy formats)\n`);
		const contacts = sandbox.population.rawContacts(contactCount, { messy: true }).map((contact, i) => ({
			...contact,
			consent: i % 20 === 7 ? 'denied' : 'granted',
			excluded: i % 50 === 3,
			...(i % 100 === 11 ? { external_id: '', email: 'broken-address', phone: 'n/a', first_name: '' } : {}),
		}));
		const t0 = Date.now();
		const [added] = await run('audienceMember', { operation: 'add', audience: audienceRef, options: { summaryOnly: true, defaultCountry: 'US' } }, contacts);
		line('per status', JSON.stringify(added.counts));
		line('skipped because', JSON.stringify(added.skippedByReason));
		line('invalid because', JSON.stringify(added.invalidByReason));
		line('batches', JSON.stringify(added.batches));
		line('Meta num_received', added.meta.num_received);
		line('took', `${Date.now() - t0} ms`);

		process.stdout.write('\n3. Ad Audience → Get Status\n');
		const [status] = await run('adAudience', { operation: 'getStatus', audience: audienceRef });
		line('lifecycle', `${status.lifecycleStatus} (${status.platformStatus.code}: ${status.platformStatus.text})`);
		line('size', `${status.size.lowerBound}–${status.size.upperBound} people`);
		line('deliverable / minimum', `${status.deliverable} / ${status.meetsMinimumSize} (min ${status.minimumSize})`);
		line('match rate', status.matchRate ? `${status.matchRate.lowerPercent}% (${status.matchRate.source})` : 'n/a');

		const leavers = contacts.slice(0, Math.floor(contactCount / 10));
		process.stdout.write(`\n4. Audience Member → Remove ${leavers.length} contacts who left the segment\n`);
		const [removed] = await run('audienceMember', { operation: 'remove', audience: audienceRef, options: { summaryOnly: true, defaultCountry: 'US' } }, leavers);
		line('per status', JSON.stringify(removed.counts));

		const segment = sandbox.population.rawContacts(Math.floor(contactCount / 2), { offset: contactCount, messy: true }).map((c) => ({ ...c, consent: true }));
		process.stdout.write(`\n5. Audience Member → Replace All with a new segment of ${segment.length}\n`);
		const [replaced] = await run('audienceMember', { operation: 'replace', audience: audienceRef, options: { summaryOnly: true, defaultCountry: 'US' } }, segment);
		line('per status', JSON.stringify(replaced.counts));
		line('batches', JSON.stringify(replaced.batches));
		const [after] = await run('adAudience', { operation: 'getStatus', audience: audienceRef });
		line('size now', `${after.size.lowerBound}–${after.size.upperBound} people (${after.lifecycleStatus})`);

		// The same segment to Google Customer Match, through the Data Manager API.
		const googleStore = engine.credentialStore({
			googleDataManagerServiceAccountApi: {
				clientEmail: sandbox.google.serviceAccount.clientEmail,
				privateKey: sandbox.google.serviceAccount.privateKeyPem,
				grantUrl: `${sandbox.url}/token`,
				baseUrl: sandbox.url,
				loginAccountId: '',
				accessToken: '',
			},
		});
		const google = { platform: 'google', authentication: 'serviceAccount', googleAccountId: '123-456-7890' };
		const runGoogle = async (type, parameters, input) => {
			const result = await engine.runNode({ type: `${PACKAGE}.${type}`, parameters: { ...google, ...parameters }, credentials: googleStore, input });
			if (result.error) throw new Error(`${result.error.message}: ${result.error.description ?? ''}`);
			return result.items.map((item) => item.json);
		};
		process.stdout.write('\n6. Ad Audience (Google) → Create a Customer Match list (find-or-create)\n');
		const [list] = await runGoogle('adAudience', { operation: 'create', name: 'Newsletter subscribers', ifExists: 'useExisting', options: { membershipDays: 540 } });
		line('user list', `${list.id} "${list.displayName}" (created: ${list.created})`);
		const userList = { __rl: true, mode: 'id', value: String(list.id) };

		process.stdout.write(`\n7. Audience Member (Google) → Add the same ${contactCount} contacts\n`);
		const [googleAdded] = await runGoogle('audienceMember', { operation: 'add', userList, options: { summaryOnly: true, defaultCountry: 'US' } }, contacts);
		line('per status', JSON.stringify(googleAdded.counts));
		line('request ids', googleAdded.google.requestIds.join(', '));

		process.stdout.write('\n8. Ad Audience (Google) → Get Upload Status, then Get Status\n');
		const uploads = await runGoogle('adAudience', { resource: 'upload', operation: 'getUploadStatus', requestIds: googleAdded.google.requestIds.join(',') });
		for (const upload of uploads) {
			const destination = upload.destinations[0];
			line(upload.requestId.slice(0, 8), `${upload.status}, ${destination.recordCount} records, match rate ${destination.matchRate ? `${destination.matchRate.lowerPercent}–${destination.matchRate.upperPercent}%` : 'n/a'}, errors ${JSON.stringify(destination.errorsByReason)}`);
		}
		const [googleStatus] = await runGoogle('adAudience', { operation: 'getStatus', userList });
		line('lifecycle', `${googleStatus.lifecycleStatus} (${googleStatus.platformStatus.code})`);
		line('members per network', JSON.stringify(googleStatus.membersByNetwork));
		line('eligible', JSON.stringify(googleStatus.eligibility));
		process.stdout.write('\nDemo finished: every request went to the local sandbox.\n');
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
