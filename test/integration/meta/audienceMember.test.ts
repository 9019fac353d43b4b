import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { audienceMember, META_TOKEN, metaCredentials, newCustomerList } from '../../helpers/meta';
import type { Sandbox } from '../../helpers/sandbox';
import { useSandbox } from '../../helpers/sandbox';

type Contact = IDataObject;
type LoggedRequest = {
	method: string;
	path: string;
	query: Record<string, string>;
	payloadIn: string | null;
	status: number;
	rows: number | null;
};

let sandbox: Sandbox;
useSandbox({ populationSize: 3000 }, (started) => (sandbox = started));

const newAudience = async (name = 'Members') => await newCustomerList(sandbox.url, name);

function consenting(contacts: Contact[]): Contact[] {
	return contacts.map((contact) => ({ ...contact, consent: 'granted' }));
}

function memberCount(audienceId: string): number {
	return sandbox.meta.liveAudience(audienceId).membership.members.size;
}

function userRequests(): LoggedRequest[] {
	return (sandbox.requests as LoggedRequest[]).filter((r) => /\/users(replace)?$/.test(r.path));
}

describe('Audience Member (Meta) through the n8n engine', () => {
	it('adds contacts written the way a CRM holds them, and every one matches its platform user', async () => {
		const audienceId = await newAudience();
		const contacts = consenting(sandbox.population.rawContacts(40, { messy: true }));
		const { items, error } = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, contacts);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(40);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ status: 'added', operation: 'add', platform: 'meta', audienceId, batch: 1 });
		});
		expect(items[0].json.identifiersSent).toEqual(expect.arrayContaining(['EMAIL', 'PHONE', 'FN', 'LN']));
		// The sandbox matches only correctly normalized identifiers: all 40 people are in.
		expect(memberCount(audienceId)).toBe(40);

		const requests = userRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'POST', payloadIn: 'body', status: 200 });
		for (const request of sandbox.requests as LoggedRequest[]) {
			expect(JSON.stringify(request)).not.toContain(META_TOKEN);
		}
	});

	it('removes contacts with the payload in the JSON body of a DELETE', async () => {
		const audienceId = await newAudience();
		const contacts = consenting(sandbox.population.rawContacts(30, { messy: true }));
		await audienceMember(sandbox.url, audienceId, { operation: 'add' }, contacts);
		expect(memberCount(audienceId)).toBe(30);

		const { items } = await audienceMember(sandbox.url, audienceId, { operation: 'remove' }, contacts.slice(0, 12));
		expect(items.map((item) => item.json.status)).toEqual(Array(12).fill('removed'));
		expect(memberCount(audienceId)).toBe(18);
		const remove = userRequests().find((r) => r.method === 'DELETE');
		expect(remove).toMatchObject({ payloadIn: 'body', status: 200 });
	});

	it('replaces all members in one usersreplace session', async () => {
		const audienceId = await newAudience();
		await audienceMember(sandbox.url, audienceId, { operation: 'add' }, consenting(sandbox.population.rawContacts(50)));
		const next = consenting(sandbox.population.rawContacts(25, { offset: 1000, messy: true }));
		const { items, error } = await audienceMember(
			sandbox.url,
			audienceId,
			{ operation: 'replace', options: { batchSize: 10 } },
			next,
		);
		expect(error).toBeUndefined();
		expect(items.every((item) => item.json.status === 'added')).toBe(true);
		expect(memberCount(audienceId)).toBe(25);
		const replaces = userRequests().filter((r) => r.path.endsWith('/usersreplace'));
		expect(replaces).toHaveLength(3);
		expect(replaces.every((r) => r.status === 200)).toBe(true);
	});

	it('refuses a Replace All that would empty the audience', async () => {
		const audienceId = await newAudience();
		await audienceMember(sandbox.url, audienceId, { operation: 'add' }, consenting(sandbox.population.rawContacts(20)));
		const noConsent = sandbox.population.rawContacts(5).map((c) => ({ ...c, consent: false }));
		const { error } = await audienceMember(sandbox.url, audienceId, { operation: 'replace' }, noConsent);
		expect(error?.message).toContain('would empty audience');
		expect(memberCount(audienceId)).toBe(20);
	});

	it('batches 25,000 contacts into requests of at most 10,000 rows', async () => {
		const audienceId = await newAudience();
		const contacts = consenting(sandbox.population.outsiderContacts(25_000));
		const { items, error } = await audienceMember(
			sandbox.url,
			audienceId,
			{ operation: 'add', options: { summaryOnly: true } },
			contacts,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const summary = items[0].json as { counts: unknown; batches: unknown; meta: { num_received: number } };
		expect(summary.counts).toEqual({ added: 25_000 });
		expect(summary.batches).toMatchObject({ total: 3, accepted: 3, failed: 0 });
		expect(summary.meta.num_received).toBe(25_000);
		expect((items[0].pairedItem as unknown[]).length).toBe(25_000);
		expect(userRequests().map((r) => r.rows)).toEqual([10_000, 10_000, 5_000]);
	});

	it('keeps an invalid row out of the batch and reports why, while the rest are added', async () => {
		const audienceId = await newAudience();
		const [a, b] = consenting(sandbox.population.rawContacts(2));
		const bad = { email: 'not-an-email', consent: true };
		const noIds = { first_name: 'Ann', consent: true };
		const partly = { ...consenting(sandbox.population.rawContacts(1, { offset: 5 }))[0], gender: 'unknown' };
		const { items } = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, [a, bad, b, noIds, partly]);

		expect(items.map((item) => item.json.status)).toEqual(['added', 'invalid', 'added', 'invalid', 'added']);
		expect(items[1].json).toMatchObject({ reason: 'invalid_email' });
		expect(items[3].json.reason).toBe('no_identifiers');
		expect(items[4].json.rejectedFields).toEqual([expect.objectContaining({ field: 'gender', reason: 'invalid_gender' })]);
		expect(JSON.stringify(items[1].json)).not.toContain('not-an-email');
		expect(userRequests()).toHaveLength(1);
		expect(memberCount(audienceId)).toBe(3);
	});

	it('sends only contacts whose consent is granted and never an excluded contact', async () => {
		const audienceId = await newAudience();
		const people = sandbox.population.rawContacts(6);
		const input = [
			{ ...people[0], consent: true },
			{ ...people[1], consent: false },
			{ ...people[2] },
			{ ...people[3], consent: 'yes', excluded: true },
			{ ...people[4], consent: 'opted_in' },
			{ ...people[5], consent: 'withdrawn' },
		];
		// rawContacts(n) are people 0…n-1: the audit fails the test if any of these arrives.
		sandbox.audit.forbid([1, 2, 5], 'consent');
		sandbox.audit.forbid([3], 'excluded');
		const { items } = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, input);
		expect(items.map((item) => [item.json.status, item.json.reason ?? null])).toEqual([
			['added', null],
			['skipped', 'no_consent'],
			['skipped', 'no_consent'],
			['skipped', 'excluded'],
			['added', null],
			['skipped', 'no_consent'],
		]);
		expect(memberCount(audienceId)).toBe(2);
		const excludedPerson = sandbox.population.personForEmail(String(people[3].email).trim().toLowerCase());
		expect(excludedPerson).toBeDefined();
		expect(sandbox.meta.liveAudience(audienceId).membership.members.has(excludedPerson!.id)).toBe(false);
	});

	it('lets Remove send contacts without consent but still never an excluded one', async () => {
		const audienceId = await newAudience();
		const people = consenting(sandbox.population.rawContacts(3));
		await audienceMember(sandbox.url, audienceId, { operation: 'add' }, people);
		const { items } = await audienceMember(sandbox.url, audienceId, { operation: 'remove' }, [
			{ ...people[0], consent: false },
			{ ...people[1], excluded: 'yes' },
		]);
		expect(items.map((item) => item.json.status)).toEqual(['removed', 'skipped']);
		expect(memberCount(audienceId)).toBe(2);
	});

	it('sends the same contact once when it appears in several items', async () => {
		const audienceId = await newAudience();
		const [person] = consenting(sandbox.population.rawContacts(1));
		const { items } = await audienceMember(sandbox.url, audienceId, { operation: 'add', options: { summaryOnly: true } }, [
			person,
			{ ...person },
			{ ...person, email: String(person.email).toUpperCase() },
		]);
		expect(items[0].json).toMatchObject({ distinctContacts: 1, duplicates: 2, counts: { added: 3 } });
		expect(sandbox.meta.liveAudience(audienceId).lastUpload?.received).toBe(1);
	});

	it('sends each item to the audience its expression names, one upload per audience', async () => {
		const first = await newAudience('First');
		const second = await newAudience('Second');
		const people = consenting(sandbox.population.rawContacts(5));
		const input = people.map((person, i) => ({ ...person, audience_id: i < 3 ? first : second }));
		const { items, error } = await audienceMember(
			sandbox.url,
			first,
			{ operation: 'add', audience: { __rl: true, mode: 'id', value: '={{ $json.audience_id }}' }, options: { includeInputData: true } },
			input,
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.audienceId)).toEqual([first, first, first, second, second]);
		expect(memberCount(first)).toBe(3);
		expect(memberCount(second)).toBe(2);
		expect(userRequests()).toHaveLength(2);
		expect((items[4].json.input as IDataObject).audience_id).toBe(second);
	});

	it('dry run normalizes, hashes and batches but sends nothing', async () => {
		const audienceId = await newAudience();
		const { items } = await audienceMember(
			sandbox.url,
			audienceId,
			{ operation: 'add', options: { dryRun: true } },
			[{ email: ' Mary@Example.com ', phone: '+1 (555) 987-6543', consent: true }],
		);
		expect(items[0].json).toMatchObject({
			status: 'would_add',
			dryRun: true,
			wireValues: {
				EMAIL: 'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79',
				PHONE: '1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e',
			},
		});
		expect(userRequests()).toHaveLength(0);
	});

	it('sends the Limited Data Use columns when asked', async () => {
		const audienceId = await newAudience();
		const { error } = await audienceMember(
			sandbox.url,
			audienceId,
			{ operation: 'add', options: { limitedDataUse: 'california' } },
			consenting(sandbox.population.rawContacts(3)),
		);
		expect(error).toBeUndefined();
		expect(memberCount(audienceId)).toBe(3);
	});

	it('retries a rate-limited batch and succeeds', async () => {
		const audienceId = await newAudience();
		sandbox.injectFault({
			method: 'POST',
			pathIncludes: '/users',
			times: 1,
			status: 400,
			body: { error: { message: 'There have been too many calls to this ad-account.', type: 'OAuthException', code: 80003, error_subcode: 2446079 } },
		});
		const { items, error } = await audienceMember(
			sandbox.url,
			audienceId,
			{ operation: 'add' },
			consenting(sandbox.population.rawContacts(5)),
		);
		expect(error).toBeUndefined();
		expect(items.every((item) => item.json.status === 'added')).toBe(true);
		expect(userRequests().map((r) => r.status)).toEqual([400, 200]);
	});

	it('retries a batch whose connection dropped, and sends it once it goes through', async () => {
		const audienceId = await newAudience();
		sandbox.injectFault({ method: 'POST', pathIncludes: '/users', times: 1, dropConnection: true });
		const { items, error } = await audienceMember(
			sandbox.url,
			audienceId,
			{ operation: 'add' },
			consenting(sandbox.population.rawContacts(4)),
		);
		expect(error).toBeUndefined();
		expect(items.every((item) => item.json.status === 'added')).toBe(true);
		expect(memberCount(audienceId)).toBe(4);
	});

	it('fails with what to do, and marks every contact failed with Continue On Fail', async () => {
		const audienceId = await newAudience();
		sandbox.injectFault({
			pathIncludes: '/users',
			times: 5,
			status: 400,
			body: { error: { message: 'Permissions error', type: 'OAuthException', code: 200, error_subcode: 1870090 } },
		});
		const contacts = consenting(sandbox.population.rawContacts(3));
		const failed = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, contacts);
		expect(failed.error?.message).toContain('Custom Audience terms are not accepted');
		expect(failed.error?.description).toContain('0 of 1 batch(es) were accepted');

		const tolerant = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, contacts, { continueOnFail: true });
		expect(tolerant.items.map((item) => [item.json.status, item.json.reason])).toEqual(
			Array(3).fill(['failed', 'terms_not_accepted']),
		);
	});

	it('never shows the access token in an error, even when the platform echoes it', async () => {
		const audienceId = await newAudience();
		sandbox.injectFault({
			pathIncludes: '/users',
			times: 1,
			status: 400,
			body: {
				error: {
					message: `Invalid OAuth access token ${META_TOKEN} for https://graph.facebook.com/v26.0/me?access_token=${META_TOKEN}`,
					type: 'OAuthException',
					code: 190,
				},
			},
		});
		const { error } = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, consenting(sandbox.population.rawContacts(2)));
		expect(error?.message).toContain('rejected the access token');
		const everything = JSON.stringify({ message: error?.message, description: error?.description, context: error?.context, cause: (error as { cause?: unknown })?.cause });
		expect(everything).not.toContain(META_TOKEN);
		expect(everything).toContain('[redacted]');
	});
});

describe('appsecret_proof', () => {
	let guarded: Sandbox;
	const appSecret = 'sandbox-app-secret-value';

	beforeAll(async () => {
		guarded = await startSandbox({ populationSize: 100, meta: { appSecret } });
	});
	afterAll(async () => {
		await guarded.close();
	});

	it('is sent with every request when the credential has the app secret', async () => {
		const { runNode } = await import('../../helpers/engine');
		const created = await runNode({
			type: 'adAudience',
			parameters: {
				platform: 'meta',
				operation: 'create',
				adAccount: { __rl: true, mode: 'id', value: 'act_1234567890' },
				name: 'Proof',
				customerFileSource: 'USER_PROVIDED_ONLY',
				ifExists: 'useExisting',
			},
			credentials: metaCredentials(guarded.url, { appSecret }),
		});
		expect(created.error).toBeUndefined();
		expect(created.items[0].json.created).toBe(true);
		const logged = guarded.requests as LoggedRequest[];
		expect(logged.length).toBeGreaterThan(0);
		for (const request of logged.filter((r) => r.status === 200)) {
			expect(request.query).toHaveProperty('appsecret_time');
		}
		expect(JSON.stringify(logged)).not.toContain(appSecret);
	});

	it('is rejected by the platform when the secret is wrong', async () => {
		const { runNode } = await import('../../helpers/engine');
		const { error } = await runNode({
			type: 'adAudience',
			parameters: {
				platform: 'meta',
				operation: 'getMany',
				adAccount: { __rl: true, mode: 'id', value: 'act_1234567890' },
				returnAll: true,
				filters: {},
			},
			credentials: metaCredentials(guarded.url, { appSecret: 'wrong-secret-value' }),
		});
		expect(error?.description).toMatch(/appsecret_proof/);
		expect(JSON.stringify(error?.description)).not.toContain('wrong-secret-value');
	});
});
