import type { Sandbox } from '../../sandbox';
import type { Loose } from './graph';
import {
	createUserList,
	dm,
	errorReason,
	GOOGLE_ACCOUNT,
	MANAGER_ACCOUNT,
	NOT_ALLOWLISTED_ACCOUNT,
	userListsPath,
	violations,
} from './google';
import { useSandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 100 }, (started) => (sandbox = started));

const CONTACT_ID = {
	uploadKeyTypes: ['CONTACT_ID'],
	contactIdInfo: { dataSourceType: 'DATA_SOURCE_TYPE_FIRST_PARTY' },
};
const create = (json: unknown, query?: Record<string, string>) =>
	dm(sandbox, 'POST', userListsPath(), { json, query });
const names = (body: Loose) => ((body.userLists ?? []) as Loose[]).map((l) => l.displayName);

describe('sandbox Google userLists: create and get', () => {
	it('creates a Customer Match list with the documented defaults and read-only fields', async () => {
		const res = await create({
			displayName: 'CRM – Customers',
			description: 'From the CRM',
			membershipDuration: '2592000s',
			ingestedUserListInfo: CONTACT_ID,
		});
		expect(res.status).toBe(200);
		const id = res.body.id;
		expect(id).toMatch(/^\d+$/);
		expect(res.body).toEqual({
			name: `accountTypes/GOOGLE_ADS/accounts/${GOOGLE_ACCOUNT}/userLists/${id}`,
			id,
			displayName: 'CRM – Customers',
			description: 'From the CRM',
			membershipStatus: 'OPEN',
			membershipDuration: '2592000s',
			accessReason: 'OWNED',
			accountAccessStatus: 'ENABLED',
			readOnly: false,
			ingestedUserListInfo: {
				uploadKeyTypes: ['CONTACT_ID'],
				contactIdInfo: { dataSourceType: 'DATA_SOURCE_TYPE_FIRST_PARTY' },
			},
			sizeInfo: {
				displayNetworkMembersCount: '0',
				searchNetworkMembersCount: '0',
				youtubeMembersCount: '0',
				gmailMembersCount: '0',
			},
			targetNetworkInfo: { eligibleForDisplay: false, eligibleForSearch: false },
		});
		expect(res.body.closingReason).toBeUndefined();
		const got = await dm(sandbox, 'GET', `${userListsPath()}/${id}`);
		expect(got.body).toEqual(res.body);

		// Default duration 540 days; snake_case field names work too; output-only fields are ignored.
		const snake = await create({
			display_name: 'Snake',
			ingested_user_list_info: { upload_key_types: ['CONTACT_ID'] },
			id: '1',
			size_info: { display_network_members_count: '999' },
		});
		expect(snake.status).toBe(200);
		expect(snake.body).toMatchObject({
			displayName: 'Snake',
			membershipDuration: '46656000s',
			sizeInfo: { displayNetworkMembersCount: '0' },
		});
		expect(snake.body.id).not.toBe('1');
	});

	it('validates only with validateOnly=true: nothing is created', async () => {
		const res = await create(
			{ displayName: 'Dry', ingestedUserListInfo: CONTACT_ID },
			{ validateOnly: 'true' },
		);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ displayName: 'Dry' });
		expect(res.body.id).toBeUndefined();
		expect(sandbox.google.userLists.size).toBe(0);
		const invalid = await create({ ingestedUserListInfo: CONTACT_ID }, { validateOnly: 'true' });
		expect(violations(invalid.body)).toEqual([
			['user_list.display_name', 'REQUIRED_FIELD_MISSING'],
		]);
	});

	it.each([
		[
			'a duplicate display name',
			{ displayName: 'Taken', ingestedUserListInfo: CONTACT_ID },
			['user_list.display_name', 'DISPLAY_NAME_ALREADY_USED'],
		],
		[
			'no display name',
			{ ingestedUserListInfo: CONTACT_ID },
			['user_list.display_name', 'REQUIRED_FIELD_MISSING'],
		],
		[
			'a membership longer than 540 days',
			{
				displayName: 'Long',
				membershipDuration: `${541 * 86400}s`,
				ingestedUserListInfo: CONTACT_ID,
			},
			['user_list.membership_duration', 'MEMBERSHIP_DURATION_TOO_LONG'],
		],
		[
			'a membership that is not whole days',
			{ displayName: 'Odd', membershipDuration: '90000s', ingestedUserListInfo: CONTACT_ID },
			['user_list.membership_duration', 'INVALID_ARGUMENT'],
		],
		[
			'no ingested_user_list_info',
			{ displayName: 'Plain' },
			['user_list.ingested_user_list_info', 'INVALID_USER_LIST_TYPE'],
		],
		[
			'no upload key types',
			{ displayName: 'Keys', ingestedUserListInfo: { uploadKeyTypes: [] } },
			['user_list.ingested_user_list_info.upload_key_types', 'REQUIRED_FIELD_MISSING'],
		],
		[
			'MOBILE_ID keys',
			{ displayName: 'Apps', ingestedUserListInfo: { uploadKeyTypes: ['MOBILE_ID'] } },
			[
				'user_list.ingested_user_list_info.upload_key_types',
				'UNSUPPORTED_USER_LIST_UPLOAD_KEY_TYPES',
			],
		],
	])('refuses %s with 400', async (_label, body, violation) => {
		await createUserList(sandbox, 'Taken');
		const res = await create(body);
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
		expect(violations(res.body)).toEqual([violation]);
		expect(errorReason(res.body)).toBe(violation[1]);
		expect(res.body.error.details[0]).toMatchObject({
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			domain: 'datamanager.googleapis.com',
			metadata: { requestId: expect.any(String) },
		});
	});

	it.each([
		[
			'an unknown field',
			{ displayName: 'X', colour: 'blue', ingestedUserListInfo: CONTACT_ID },
			'Invalid JSON payload received. Unknown name "colour" at \'user_list\': Cannot find field.',
		],
		[
			'a wrong enum value',
			{ displayName: 'X', membershipStatus: 'ACTIVE', ingestedUserListInfo: CONTACT_ID },
			'Invalid value at \'user_list.membership_status\' (TYPE_ENUM), "ACTIVE"',
		],
		[
			'a malformed duration',
			{ displayName: 'X', membershipDuration: '30d', ingestedUserListInfo: CONTACT_ID },
			'Invalid value at \'user_list.membership_duration\' (type.googleapis.com/google.protobuf.Duration), "30d"',
		],
		[
			'a string for a list',
			{ displayName: 'X', ingestedUserListInfo: { uploadKeyTypes: 'CONTACT_ID' } },
			"Invalid value at 'user_list.ingested_user_list_info.upload_key_types': expected a list",
		],
	])('refuses %s like Google’s JSON parser', async (_label, body, message) => {
		const res = await create(body);
		expect(res.status).toBe(400);
		expect(res.body.error.message).toContain(message);
		expect(errorReason(res.body)).toBe('INVALID_ARGUMENT');
	});

	it('answers 404 for an unknown or deleted list, and a list of another account', async () => {
		const id = await createUserList(sandbox, 'Mine');
		const unknown = await dm(sandbox, 'GET', `${userListsPath()}/123`);
		expect(unknown.status).toBe(404);
		expect(unknown.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
		const elsewhere = await dm(sandbox, 'GET', `${userListsPath(NOT_ALLOWLISTED_ACCOUNT)}/${id}`);
		expect(elsewhere.status).toBe(404);
	});
});

describe('sandbox Google userLists: list, paging, filter', () => {
	it('pages with pageSize and opaque page tokens (ids ascending, default 50, at most 1000)', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push(await createUserList(sandbox, `List ${i}`));
		await createUserList(sandbox, 'Elsewhere', {}, NOT_ALLOWLISTED_ACCOUNT);

		const all = await dm(sandbox, 'GET', userListsPath());
		expect(all.body.userLists.map((l: Loose) => l.id)).toEqual(ids);
		expect(all.body.nextPageToken).toBeUndefined();

		const seen: string[] = [];
		let pageToken: string | undefined;
		let pages = 0;
		do {
			const res = await dm(sandbox, 'GET', userListsPath(), {
				query: { pageSize: '2', ...(pageToken ? { pageToken } : {}) },
			});
			expect(res.status).toBe(200);
			seen.push(...res.body.userLists.map((l: Loose) => l.id));
			pageToken = res.body.nextPageToken;
			pages++;
		} while (pageToken);
		expect(seen).toEqual(ids);
		expect(pages).toBe(3);

		expect(
			(await dm(sandbox, 'GET', userListsPath(), { query: { pageSize: '5000' } })).status,
		).toBe(200);
		const bad = await dm(sandbox, 'GET', userListsPath(), { query: { pageToken: 'nope' } });
		expect(violations(bad.body)).toEqual([['page_token', 'INVALID_ARGUMENT']]);
		const unknownParam = await dm(sandbox, 'GET', userListsPath(), { query: { limit: '2' } });
		expect(unknownParam.status).toBe(400);
		expect(unknownParam.body.error.message).toContain('Cannot bind query parameter');

		const empty = await dm(sandbox, 'GET', userListsPath(MANAGER_ACCOUNT));
		expect(empty.body).toEqual({});
	});

	it('filters by display_name with = (exact) and : (contains), AND, IN and camelCase names', async () => {
		for (const name of ['Buyers 2026', 'Buyers 2025', 'Newsletter', 'Say "hi"'])
			await createUserList(sandbox, name);
		const filtered = async (filter: string) => {
			const res = await dm(sandbox, 'GET', userListsPath(), { query: { filter } });
			expect(res.status).toBe(200);
			return names(res.body);
		};
		expect(await filtered('display_name = "Buyers 2026"')).toEqual(['Buyers 2026']);
		expect(await filtered('display_name : "buyers"')).toEqual(['Buyers 2026', 'Buyers 2025']);
		expect(await filtered('displayName = "Newsletter"')).toEqual(['Newsletter']);
		expect(await filtered('display_name = "Say \\"hi\\""')).toEqual(['Say "hi"']);
		expect(await filtered('display_name : "Buyers" AND display_name != "Buyers 2025"')).toEqual([
			'Buyers 2026',
		]);
		expect(await filtered('IN(display_name, "Newsletter", "Buyers 2025")')).toEqual([
			'Buyers 2025',
			'Newsletter',
		]);
		expect(
			await filtered(
				'membership_status = OPEN AND ingested_user_list_info.upload_key_types : CONTACT_ID',
			),
		).toHaveLength(4);

		for (const bad of [
			'colour = "red"',
			'display_name = ',
			'display_name = "a" OR id = 1',
			'displayName = "a" AND display_name = "b"',
		]) {
			const res = await dm(sandbox, 'GET', userListsPath(), { query: { filter: bad } });
			expect(res.status).toBe(400);
			expect(violations(res.body)).toEqual([['filter', 'INVALID_ARGUMENT']]);
		}
	});

	it('binds page tokens to the filter', async () => {
		for (let i = 0; i < 3; i++) await createUserList(sandbox, `Buyers ${i}`);
		const first = await dm(sandbox, 'GET', userListsPath(), {
			query: { pageSize: '1', filter: 'display_name : "Buyers"' },
		});
		const mismatch = await dm(sandbox, 'GET', userListsPath(), {
			query: { pageSize: '1', pageToken: first.body.nextPageToken },
		});
		expect(mismatch.status).toBe(400);
		const next = await dm(sandbox, 'GET', userListsPath(), {
			query: {
				pageSize: '1',
				filter: 'display_name : "Buyers"',
				pageToken: first.body.nextPageToken,
			},
		});
		expect(names(next.body)).toEqual(['Buyers 1']);
	});
});

describe('sandbox Google userLists: update and delete', () => {
	const patch = (id: string, json: unknown, query?: Record<string, string>) =>
		dm(sandbox, 'PATCH', `${userListsPath()}/${id}`, { json, query });

	it('updates the fields of the update mask (snake or camel), and only those', async () => {
		const id = await createUserList(sandbox, 'Before', { description: 'old' });
		const res = await patch(
			id,
			{ displayName: 'After', description: 'ignored', membershipDuration: '7776000s' },
			{ updateMask: 'display_name,membershipDuration' },
		);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			displayName: 'After',
			description: 'old',
			membershipDuration: '7776000s',
		});

		// Without a mask: every field in the body; a fetched list sent back as is changes nothing.
		const fetched = (await dm(sandbox, 'GET', `${userListsPath()}/${id}`)).body;
		const roundTrip = await patch(id, { ...fetched, description: 'new' });
		expect(roundTrip.status).toBe(200);
		expect(roundTrip.body).toEqual({ ...fetched, description: 'new' });

		const optOut = await patch(
			id,
			{ targetNetworkInfo: { eligibleForSearch: false } },
			{
				updateMask: 'target_network_info.eligible_for_search',
			},
		);
		expect(optOut.status).toBe(200);
	});

	it('validates only with validateOnly=true', async () => {
		const id = await createUserList(sandbox, 'Stay');
		const res = await patch(
			id,
			{ displayName: 'Moved' },
			{ updateMask: 'display_name', validateOnly: 'true' },
		);
		expect(res.body.displayName).toBe('Moved');
		expect(sandbox.google.userList(id)?.displayName).toBe('Stay');
	});

	it.each([
		[
			'a duplicate name',
			{ displayName: 'Other' },
			'display_name',
			['user_list.display_name', 'DISPLAY_NAME_ALREADY_USED'],
		],
		[
			'an empty name',
			{ displayName: '' },
			'display_name',
			['user_list.display_name', 'REQUIRED_FIELD_MISSING'],
		],
		[
			'a too long membership',
			{ membershipDuration: `${600 * 86400}s` },
			'membership_duration',
			['user_list.membership_duration', 'MEMBERSHIP_DURATION_TOO_LONG'],
		],
		[
			'an immutable field',
			{ ingestedUserListInfo: { uploadKeyTypes: ['MOBILE_ID'] } },
			'ingested_user_list_info.upload_key_types',
			['user_list.ingested_user_list_info.upload_key_types', 'INVALID_ARGUMENT'],
		],
		[
			'an output-only field',
			{ sizeInfo: {} },
			'size_info',
			['user_list.size_info', 'INVALID_ARGUMENT'],
		],
		['an unknown mask path', { displayName: 'X' }, 'colour', ['update_mask', 'INVALID_ARGUMENT']],
	])('refuses %s', async (_label, body, updateMask, violation) => {
		await createUserList(sandbox, 'Other');
		const id = await createUserList(sandbox, 'Mine');
		const res = await patch(id, body, { updateMask });
		expect(res.status).toBe(400);
		expect(violations(res.body)).toEqual([violation]);
		expect(sandbox.google.userList(id)?.displayName).toBe('Mine');
	});

	it('deletes (validateOnly first): the list is gone and its name free again', async () => {
		const id = await createUserList(sandbox, 'Doomed');
		const path = `${userListsPath()}/${id}`;
		const dry = await dm(sandbox, 'DELETE', path, { query: { validateOnly: 'true' } });
		expect(dry.status).toBe(200);
		expect((await dm(sandbox, 'GET', path)).status).toBe(200);
		const res = await dm(sandbox, 'DELETE', path);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({});
		expect((await dm(sandbox, 'GET', path)).status).toBe(404);
		expect((await dm(sandbox, 'DELETE', path)).status).toBe(404);
		await createUserList(sandbox, 'Doomed');
	});
});

describe('sandbox Google userLists: accounts and the login-account header', () => {
	const login = (account: string) => ({
		'login-account': `accountTypes/GOOGLE_ADS/accounts/${account}`,
	});

	it('accepts the manager as login account, refuses one that does not manage the account', async () => {
		expect(
			(await dm(sandbox, 'GET', userListsPath(), { headers: login(MANAGER_ACCOUNT) })).status,
		).toBe(200);
		expect(
			(await dm(sandbox, 'GET', userListsPath(), { headers: login(GOOGLE_ACCOUNT) })).status,
		).toBe(200);
		const mismatch = await dm(sandbox, 'GET', userListsPath(NOT_ALLOWLISTED_ACCOUNT), {
			headers: login(MANAGER_ACCOUNT),
		});
		expect(mismatch.status).toBe(403);
		expect(mismatch.body.error.status).toBe('PERMISSION_DENIED');
		expect(errorReason(mismatch.body)).toBe('OPERATING_ACCOUNT_LOGIN_ACCOUNT_MISMATCH');
		const malformed = await dm(sandbox, 'GET', userListsPath(), {
			headers: { 'login-account': '999-999-9999' },
		});
		expect(malformed.status).toBe(400);
	});

	it('refuses accounts the credentials cannot reach, unless through a manager that can', async () => {
		const unknown = await dm(sandbox, 'GET', userListsPath('5555555555'));
		expect(unknown.status).toBe(403);
		expect(errorReason(unknown.body)).toBe('PERMISSION_DENIED');

		sandbox.google.setAccount(GOOGLE_ACCOUNT, { accessible: false });
		expect((await dm(sandbox, 'GET', userListsPath())).status).toBe(403);
		expect(
			(await dm(sandbox, 'GET', userListsPath(), { headers: login(MANAGER_ACCOUNT) })).status,
		).toBe(200);
		sandbox.reset();
		expect((await dm(sandbox, 'GET', userListsPath())).status).toBe(200);

		const dashed = await dm(
			sandbox,
			'GET',
			'/v1/accountTypes/GOOGLE_ADS/accounts/123-456-7890/userLists',
		);
		expect(dashed.status).toBe(400);
		const otherType = await dm(
			sandbox,
			'GET',
			'/v1/accountTypes/DISPLAY_VIDEO_PARTNER/accounts/1/userLists',
		);
		expect(otherType.status).toBe(400);
		const notEmulated = await dm(
			sandbox,
			'GET',
			`/v1/accountTypes/GOOGLE_ADS/accounts/${GOOGLE_ACCOUNT}/partnerLinks:search`,
		);
		expect(notEmulated.status).toBe(501);
		const unknownMethod = await dm(sandbox, 'PUT', userListsPath());
		expect(unknownMethod.status).toBe(404);
	});
});
