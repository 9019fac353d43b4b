import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { matchRateRange } from '../../sandbox/google/state';
import type { Person } from '../../sandbox/population';
import { googleHash, googleHashedMember, googleIdentifiersOf } from '../../sandbox/testing';
import type { Loose } from './graph';
import {
	createUserList,
	destination,
	dm,
	errorReason,
	GOOGLE_ACCOUNT,
	GRANTED,
	ingestBody,
	MANAGER_ACCOUNT,
	NOT_ALLOWLISTED_ACCOUNT,
	requestStatus,
	violations,
} from './google';
import { useSandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
// These tests send what no client may (raw e-mails, missing consent) to see the sandbox refuse it.
useSandbox({ populationSize: 2000, google: { minServingSize: 20 } }, (started) => (sandbox = started), { audit: false });

const people = (from: number, count: number) => sandbox.population.people.slice(from, from + count);
const ingest = (json: unknown) => dm(sandbox, 'POST', '/v1/audienceMembers:ingest', { json });
const remove = (json: unknown) => dm(sandbox, 'POST', '/v1/audienceMembers:remove', { json });
const removeAll = (json: unknown) => dm(sandbox, 'POST', '/v1/audienceMembers:removeAll', { json });
const list = (id: string) => sandbox.google.userList(id) as Loose;
const members = (id: string) => sandbox.google.members(id);
const ids = (ps: Person[]) => ps.map((p) => p.id).sort((a, b) => a - b);
/** A member that matches nobody (an address nobody in the population has). */
const stranger = (i: number) => ({
	compositeData: {
		userData: { userIdentifiers: [{ emailAddress: googleHash(`stranger${i}@example.org`) }] },
	},
});

async function ingestOk(json: unknown): Promise<string> {
	const res = await ingest(json);
	if (res.status !== 200) throw new Error(`ingest failed: ${res.text}`);
	expect(res.body).toEqual({ requestId: expect.any(String) });
	return res.body.requestId as string;
}

describe('sandbox Google audienceMembers:ingest', () => {
	it('adds correctly normalized members: all match, the list and the request status follow', async () => {
		const listId = await createUserList(sandbox);
		const batch = people(0, 30);
		const requestId = await ingestOk(ingestBody(listId, batch));

		const [status] = await requestStatus(sandbox, requestId);
		expect(status).toEqual({
			destination: destination(listId),
			requestStatus: 'SUCCESS',
			warningInfo: {},
			audienceMembersIngestionStatus: {
				compositeDataIngestionStatus: {
					recordCount: '30',
					dataTypeCounts: [
						{ type: 'EMAIL', count: '30' },
						{ type: 'PHONE_NUMBER', count: '30' },
						{ type: 'ADDRESS', count: '30' },
					],
					uploadMatchRateRange: 'MATCH_RATE_RANGE_91_TO_100',
				},
			},
		});
		expect(members(listId)).toEqual(ids(batch));
		const gmail = batch.filter((p) => /@(gmail|googlemail)\.com$/.test(p.email)).length;
		expect(gmail).toBeGreaterThan(0);
		expect(list(listId)).toMatchObject({
			sizeInfo: {
				displayNetworkMembersCount: '30',
				searchNetworkMembersCount: '30',
				youtubeMembersCount: '30',
				gmailMembersCount: String(gmail),
			},
			targetNetworkInfo: { eligibleForDisplay: true, eligibleForSearch: true },
			ingestedUserListInfo: { contactIdInfo: { matchRatePercentage: 100 } },
		});
		const logged = sandbox.google.requests.find((r) => r.path === '/v1/audienceMembers:ingest');
		expect(logged).toMatchObject({
			platform: 'google',
			method: 'POST',
			rows: 30,
			status: 200,
			bodyType: 'json',
		});
	});

	it('matches on any one identifier: e-mail, phone (E.164 with +), or address (ZIP+4 too)', async () => {
		const listId = await createUserList(sandbox);
		const [a, b, c] = people(40, 3);
		const us = people(0, 400).find((p) => p.country === 'us') as Person;
		const zip4 = googleHashedMember(us, { identifiers: ['address'] });
		zip4.compositeData.userData.userIdentifiers[0].address.postalCode = `${googleIdentifiersOf(us).postalCode}-1234`;
		await ingestOk({
			...ingestBody(listId, []),
			audienceMembers: [
				googleHashedMember(a, { identifiers: ['email'] }),
				googleHashedMember(b, { identifiers: ['phone'] }),
				googleHashedMember(c, { identifiers: ['address'] }),
				zip4,
			],
		});
		expect(members(listId)).toEqual(ids([a, b, c, us]));
	});

	it('accepts BASE64 encoding and members as user_data, reported as userDataIngestionStatus', async () => {
		const listId = await createUserList(sandbox);
		const batch = people(100, 12);
		const requestId = await ingestOk({
			...ingestBody(listId, []),
			encoding: 'BASE64',
			audienceMembers: batch.map((p) =>
				googleHashedMember(p, { encoding: 'BASE64', data: 'userData' }),
			),
		});
		const [status] = await requestStatus(sandbox, requestId);
		expect(status.audienceMembersIngestionStatus).toEqual({
			userDataIngestionStatus: {
				recordCount: '12',
				userIdentifierCount: '36',
				uploadMatchRateRange: 'MATCH_RATE_RANGE_91_TO_100',
			},
		});
		expect(members(listId)).toEqual(ids(batch));
	});

	it("matches only Google's normalization (gmail dots and +suffix, '+' in phones, hyphens in names)", async () => {
		const listId = await createUserList(sandbox);
		const pool = people(0, 2000);
		const gmail = pool.find((p) => /^[^@]*\.[^@]*@gmail\.com$/.test(p.email)) as Person;
		const hyphen = pool.find((p) => googleIdentifiersOf(p).givenName.includes('-')) as Person;
		expect(gmail && hyphen).toBeTruthy();
		const hyphenG = googleIdentifiersOf(hyphen);
		const wrong = [
			// Meta's canonical e-mail keeps gmail dots: not Google's.
			{
				compositeData: {
					userData: { userIdentifiers: [{ emailAddress: googleHash(gmail.email) }] },
				},
			},
			// E.164 without the '+'.
			{
				compositeData: {
					userData: { userIdentifiers: [{ phoneNumber: googleHash(hyphen.phone) }] },
				},
			},
			// Hyphen dropped from "jean-luc".
			{
				compositeData: {
					userData: {
						userIdentifiers: [
							{
								address: {
									givenName: googleHash(hyphenG.givenName.replace(/-/g, '')),
									familyName: googleHash(hyphenG.familyName),
									regionCode: hyphenG.regionCode,
									postalCode: hyphenG.postalCode,
								},
							},
						],
					},
				},
			},
		];
		const requestId = await ingestOk({ ...ingestBody(listId, []), audienceMembers: wrong });
		const [status] = await requestStatus(sandbox, requestId);
		expect(status.requestStatus).toBe('SUCCESS');
		expect(
			status.audienceMembersIngestionStatus.compositeDataIngestionStatus.uploadMatchRateRange,
		).toBe('MATCH_RATE_RANGE_NOT_ELIGIBLE');
		expect(members(listId)).toEqual([]);
		expect(list(listId).ingestedUserListInfo.contactIdInfo.matchRatePercentage).toBe(0);
		expect(sandbox.population.personForGoogleEmail(gmail.email)).toBe(gmail);
		expect(sandbox.population.personForGoogleEmail(gmail.email.replace('@', '+promo@'))).toBe(
			gmail,
		);
	});

	it('buckets the upload match rate (processed records; not eligible below 10)', async () => {
		const listId = await createUserList(sandbox);
		const rangeOf = async (matched: number, strangers: number) => {
			const requestId = await ingestOk({
				...ingestBody(listId, people(200, matched)),
				audienceMembers: [
					...people(200, matched).map((p) => googleHashedMember(p)),
					...Array.from({ length: strangers }, (_, i) => stranger(i)),
				],
			});
			const [status] = await requestStatus(sandbox, requestId);
			return status.audienceMembersIngestionStatus.compositeDataIngestionStatus
				.uploadMatchRateRange;
		};
		expect(await rangeOf(5, 45)).toBe('MATCH_RATE_RANGE_LESS_THAN_20');
		expect(await rangeOf(10, 40)).toBe('MATCH_RATE_RANGE_20_TO_30');
		expect(await rangeOf(30, 20)).toBe('MATCH_RATE_RANGE_51_TO_60');
		expect(list(listId).ingestedUserListInfo.contactIdInfo.matchRatePercentage).toBe(60);
		expect(await rangeOf(5, 4)).toBe('MATCH_RATE_RANGE_NOT_ELIGIBLE');
		expect([0, 19, 20, 30, 31, 40, 45, 90, 91, 100].map(matchRateRange)).toEqual([
			'MATCH_RATE_RANGE_LESS_THAN_20',
			'MATCH_RATE_RANGE_LESS_THAN_20',
			'MATCH_RATE_RANGE_20_TO_30',
			'MATCH_RATE_RANGE_20_TO_30',
			'MATCH_RATE_RANGE_31_TO_40',
			'MATCH_RATE_RANGE_31_TO_40',
			'MATCH_RATE_RANGE_41_TO_50',
			'MATCH_RATE_RANGE_81_TO_90',
			'MATCH_RATE_RANGE_91_TO_100',
			'MATCH_RATE_RANGE_91_TO_100',
		]);
	});

	it('validates only with validateOnly: {} and nothing queued', async () => {
		const listId = await createUserList(sandbox);
		const res = await ingest({ ...ingestBody(listId, people(0, 3)), validateOnly: true });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({});
		expect(sandbox.google.ingestions.size).toBe(0);
		expect(members(listId)).toEqual([]);
	});

	it('sends members to the destinations they reference', async () => {
		const first = await createUserList(sandbox, 'First');
		const second = await createUserList(sandbox, 'Second');
		const [a, b, c] = people(0, 3);
		const requestId = await ingestOk({
			...ingestBody(first, []),
			destinations: [
				{ ...destination(first), reference: 'one' },
				{
					...destination(second),
					reference: 'two',
					loginAccount: { accountType: 'GOOGLE_ADS', accountId: MANAGER_ACCOUNT },
				},
			],
			audienceMembers: [
				{ ...googleHashedMember(a), destinationReferences: ['one'] },
				{ ...googleHashedMember(b), destinationReferences: ['two'] },
				googleHashedMember(c),
			],
		});
		expect(members(first)).toEqual(ids([a, c]));
		expect(members(second)).toEqual(ids([b, c]));
		const statuses = await requestStatus(sandbox, requestId);
		expect(
			statuses.map(
				(s: Loose) => s.audienceMembersIngestionStatus.compositeDataIngestionStatus.recordCount,
			),
		).toEqual(['2', '2']);
		expect(statuses[1].destination).toMatchObject({
			reference: 'two',
			loginAccount: { accountId: MANAGER_ACCOUNT },
		});
	});
});

describe('sandbox Google consent', () => {
	it('adds only members whose effective consent grants both; counts the others', async () => {
		const listId = await createUserList(sandbox);
		const [a, b, c, d, e] = people(0, 5);
		const requestId = await ingestOk({
			...ingestBody(listId, []),
			consent: GRANTED,
			audienceMembers: [
				googleHashedMember(a),
				googleHashedMember(b, { consent: 'denied' }),
				googleHashedMember(c, { consent: { adPersonalization: 'CONSENT_DENIED' } }),
				// Member fields override the request's one by one; UNSPECIFIED falls back to it.
				googleHashedMember(d, { consent: { adUserData: 'CONSENT_STATUS_UNSPECIFIED' } }),
				googleHashedMember(e, { consent: 'granted' }),
			],
		});
		expect(members(listId)).toEqual(ids([a, d, e]));
		const [status] = await requestStatus(sandbox, requestId);
		expect(status.requestStatus).toBe('PARTIAL_SUCCESS');
		expect(status.errorInfo).toEqual({
			errorCounts: [{ recordCount: '2', reason: 'PROCESSING_ERROR_REASON_DENIED_CONSENT' }],
		});
		expect(status.audienceMembersIngestionStatus.compositeDataIngestionStatus.recordCount).toBe(
			'5',
		);
	});

	it('treats missing consent as not granted (NO_CONSENT), and fails a request where nobody consented', async () => {
		const listId = await createUserList(sandbox);
		const [a, b, c] = people(0, 3);
		const body = ingestBody(listId, []);
		delete body.consent;
		const requestId = await ingestOk({
			...body,
			audienceMembers: [
				googleHashedMember(a),
				googleHashedMember(b, { consent: { adUserData: 'CONSENT_GRANTED' } }),
				googleHashedMember(c, { consent: 'denied' }),
			],
		});
		const [status] = await requestStatus(sandbox, requestId);
		expect(status.requestStatus).toBe('FAILED');
		expect(status.errorInfo.errorCounts).toEqual([
			{ recordCount: '2', reason: 'PROCESSING_ERROR_REASON_NO_CONSENT' },
			{ recordCount: '1', reason: 'PROCESSING_ERROR_REASON_DENIED_CONSENT' },
		]);
		expect(members(listId)).toEqual([]);

		// A member's grant overrides a request-level denial.
		await ingestOk({
			...ingestBody(listId, []),
			consent: { adUserData: 'CONSENT_DENIED', adPersonalization: 'CONSENT_DENIED' },
			audienceMembers: [googleHashedMember(a, { consent: 'granted' }), googleHashedMember(b)],
		});
		expect(members(listId)).toEqual([a.id]);
	});
});

describe('sandbox Google request validation (no partial failure)', () => {
	let listId: string;
	let otherListId: string;
	beforeEach(async () => {
		listId = await createUserList(sandbox);
		otherListId = await createUserList(sandbox, 'Elsewhere', {}, NOT_ALLOWLISTED_ACCOUNT);
	});

	const valid = () => ingestBody(listId, people(0, 2));
	const memberWith = (identifiers: unknown[]) => ({
		compositeData: { userData: { userIdentifiers: identifiers } },
	});
	const hex = googleHash('someone@example.com');
	const address = (over: Record<string, unknown>) => ({
		address: { givenName: hex, familyName: hex, regionCode: 'US', postalCode: '10001', ...over },
	});

	/** [label, request, HTTP status, ErrorInfo reason, violated field or null] */
	type Case = [string, () => Record<string, unknown>, number, string, string | null];
	const cases: Case[] = [
		[
			'no destinations',
			() => ({ ...valid(), destinations: [] }),
			400,
			'REQUIRED_FIELD_MISSING',
			'destinations',
		],
		[
			'no members',
			() => ({ ...valid(), audienceMembers: [] }),
			400,
			'REQUIRED_FIELD_MISSING',
			'audience_members',
		],
		[
			'no account type',
			() => ({
				...valid(),
				destinations: [
					{ operatingAccount: { accountId: GOOGLE_ACCOUNT }, productDestinationId: listId },
				],
			}),
			400,
			'REQUIRED_FIELD_MISSING',
			'destinations[0].operating_account.account_type',
		],
		[
			'only the deprecated product',
			() => ({
				...valid(),
				destinations: [
					{
						operatingAccount: { product: 'GOOGLE_ADS', accountId: GOOGLE_ACCOUNT },
						productDestinationId: listId,
					},
				],
			}),
			400,
			'REQUIRED_FIELD_MISSING',
			'destinations[0].operating_account.account_type',
		],
		[
			'11 destinations',
			() => ({ ...valid(), destinations: Array(11).fill(destination(listId)) }),
			400,
			'TOO_MANY_DESTINATIONS',
			'destinations',
		],
		[
			'10,001 members',
			() => ({
				...valid(),
				audienceMembers: Array(10_001).fill(memberWith([{ emailAddress: hex }])),
			}),
			400,
			'TOO_MANY_AUDIENCE_MEMBERS',
			'audience_members',
		],
		[
			'11 identifiers',
			() => ({ ...valid(), audienceMembers: [memberWith(Array(11).fill({ emailAddress: hex }))] }),
			400,
			'TOO_MANY_USER_IDENTIFIERS',
			'audience_members[0].composite_data.user_data.user_identifiers',
		],
		[
			'an identifier with two values',
			() => ({
				...valid(),
				audienceMembers: [memberWith([{ emailAddress: hex, phoneNumber: hex }])],
			}),
			400,
			'INVALID_ARGUMENT',
			'audience_members[0].composite_data.user_data.user_identifiers[0]',
		],
		[
			'an empty identifier',
			() => ({ ...valid(), audienceMembers: [memberWith([{}])] }),
			400,
			'REQUIRED_FIELD_MISSING',
			'audience_members[0].composite_data.user_data.user_identifiers[0]',
		],
		[
			'a member without data',
			() => ({ ...valid(), audienceMembers: [{}] }),
			400,
			'REQUIRED_FIELD_MISSING',
			'audience_members[0]',
		],
		[
			'a member with two data fields',
			() => ({
				...valid(),
				audienceMembers: [
					{
						...memberWith([{ emailAddress: hex }]),
						userData: { userIdentifiers: [{ emailAddress: hex }] },
					},
				],
			}),
			400,
			'INVALID_ARGUMENT',
			'audience_members[0]',
		],
		[
			'mobile ids for a contact list',
			() => ({ ...valid(), audienceMembers: [{ mobileData: { mobileIds: ['abc'] } }] }),
			400,
			'INVALID_USER_LIST_TYPE',
			'audience_members[0]',
		],
		[
			'user_data and composite_data mixed',
			() => ({
				...valid(),
				audienceMembers: [
					memberWith([{ emailAddress: hex }]),
					{ userData: { userIdentifiers: [{ emailAddress: hex }] } },
				],
			}),
			400,
			'MULTIPLE_DATA_TYPES_NOT_ALLOWED',
			'audience_members',
		],
		[
			'no encoding',
			() => ({ ...valid(), encoding: undefined }),
			400,
			'REQUIRED_FIELD_MISSING',
			'encoding',
		],
		[
			'uppercase hex',
			() => ({ ...valid(), audienceMembers: [memberWith([{ emailAddress: hex.toUpperCase() }])] }),
			400,
			'INVALID_HEX_ENCODING',
			'audience_members[0].composite_data.user_data.user_identifiers[0].email_address',
		],
		[
			'an unhashed e-mail',
			() => ({
				...valid(),
				audienceMembers: [memberWith([{ emailAddress: 'someone@example.com' }])],
			}),
			400,
			'INVALID_HEX_ENCODING',
			'audience_members[0].composite_data.user_data.user_identifiers[0].email_address',
		],
		[
			'an MD5 (hex, not SHA-256)',
			() => ({ ...valid(), audienceMembers: [memberWith([{ phoneNumber: hex.slice(0, 32) }])] }),
			400,
			'INVALID_SHA256_FORMAT',
			'audience_members[0].composite_data.user_data.user_identifiers[0].phone_number',
		],
		[
			'hex sent as BASE64',
			() => ({
				...valid(),
				encoding: 'BASE64',
				audienceMembers: [memberWith([{ emailAddress: hex }])],
			}),
			400,
			'INVALID_SHA256_FORMAT',
			'audience_members[0].composite_data.user_data.user_identifiers[0].email_address',
		],
		[
			'an address without given name',
			() => ({ ...valid(), audienceMembers: [memberWith([address({ givenName: undefined })])] }),
			400,
			'REQUIRED_FIELD_MISSING',
			'audience_members[0].composite_data.user_data.user_identifiers[0].address.given_name',
		],
		[
			'a lowercase region code',
			() => ({ ...valid(), audienceMembers: [memberWith([address({ regionCode: 'us' })])] }),
			400,
			'INVALID_REGION_CODE',
			'audience_members[0].composite_data.user_data.user_identifiers[0].address.region_code',
		],
		[
			'a hashed region code',
			() => ({
				...valid(),
				audienceMembers: [memberWith([address({ regionCode: googleHash('US') })])],
			}),
			400,
			'INVALID_REGION_CODE',
			'audience_members[0].composite_data.user_data.user_identifiers[0].address.region_code',
		],
		[
			'a hashed postal code',
			() => ({
				...valid(),
				audienceMembers: [memberWith([address({ postalCode: googleHash('10001') })])],
			}),
			400,
			'INVALID_POSTAL_CODE',
			'audience_members[0].composite_data.user_data.user_identifiers[0].address.postal_code',
		],
		[
			'no terms of service',
			() => ({ ...valid(), termsOfService: undefined }),
			400,
			'TERMS_AND_CONDITIONS_NOT_SIGNED',
			'terms_of_service.customer_match_terms_of_service_status',
		],
		[
			'rejected terms of service',
			() => ({ ...valid(), termsOfService: { customerMatchTermsOfServiceStatus: 'REJECTED' } }),
			400,
			'TERMS_AND_CONDITIONS_NOT_SIGNED',
			'terms_of_service.customer_match_terms_of_service_status',
		],
		[
			'an unknown user list',
			() => ({ ...valid(), destinations: [destination('9199999999')] }),
			400,
			'INVALID_USER_LIST_ID',
			'destinations[0].product_destination_id',
		],
		[
			'a user list id that is not a number',
			() => ({ ...valid(), destinations: [destination('my-list')] }),
			400,
			'INVALID_USER_LIST_ID',
			'destinations[0].product_destination_id',
		],
		[
			'a Display & Video 360 destination',
			() => ({
				...valid(),
				destinations: [
					{
						operatingAccount: { accountType: 'DISPLAY_VIDEO_PARTNER', accountId: '1' },
						productDestinationId: listId,
					},
				],
			}),
			400,
			'INVALID_DESTINATION',
			'destinations[0]',
		],
		[
			'duplicate destination references',
			() => ({
				...valid(),
				destinations: [
					{ ...destination(listId), reference: 'x' },
					{ ...destination(listId), reference: 'x' },
				],
			}),
			400,
			'DUPLICATE_DESTINATION_REFERENCE',
			'destinations[1].reference',
		],
		[
			'a reference to no destination',
			() => ({
				...valid(),
				audienceMembers: [
					{ ...memberWith([{ emailAddress: hex }]), destinationReferences: ['nope'] },
				],
			}),
			400,
			'INVALID_ARGUMENT',
			'audience_members[0].destination_references[0]',
		],
		[
			'encrypted data',
			() => ({ ...valid(), encryptionInfo: { coordinatorKeyInfo: { keyId: 'k' } } }),
			400,
			'INVALID_ARGUMENT',
			'encryption_info',
		],
		[
			'a login account that does not manage the operating account',
			() => ({
				...valid(),
				destinations: [
					{
						...destination(otherListId, NOT_ALLOWLISTED_ACCOUNT),
						loginAccount: { accountType: 'GOOGLE_ADS', accountId: MANAGER_ACCOUNT },
					},
				],
			}),
			403,
			'OPERATING_ACCOUNT_LOGIN_ACCOUNT_MISMATCH',
			null,
		],
		[
			'an account not allowed to use Customer Match',
			() => ({ ...valid(), destinations: [destination(otherListId, NOT_ALLOWLISTED_ACCOUNT)] }),
			403,
			'NOT_ALLOWLISTED',
			null,
		],
		[
			'an account the credentials cannot reach',
			() => ({ ...valid(), destinations: [destination(listId, '5555555555')] }),
			403,
			'PERMISSION_DENIED',
			null,
		],
	];

	it.each(cases)('refuses %s', async (_label, make, status, reason, field) => {
		const res = await ingest(make());
		expect(res.status).toBe(status);
		expect(res.body.error).toMatchObject({
			code: status,
			status: status === 400 ? 'INVALID_ARGUMENT' : 'PERMISSION_DENIED',
		});
		expect(errorReason(res.body)).toBe(reason);
		if (field !== null) expect(violations(res.body)).toContainEqual([field, reason]);
		expect(sandbox.google.ingestions.size).toBe(0);
		expect(members(listId)).toEqual([]);
	});

	it.each([
		[
			'an unknown field',
			{ foo: 1 },
			'Invalid JSON payload received. Unknown name "foo": Cannot find field.',
		],
		[
			'a wrong consent value',
			{ consent: { adUserData: 'GRANTED' } },
			'Invalid value at \'consent.ad_user_data\' (TYPE_ENUM), "GRANTED"',
		],
		['a wrong encoding', { encoding: 'hex' }, 'Invalid value at \'encoding\' (TYPE_ENUM), "hex"'],
		[
			'a number for a string',
			{ destinations: [{ ...destination('1'), productDestinationId: 1 }] },
			"Invalid value at 'destinations[0].product_destination_id' (TYPE_STRING), 1",
		],
	])('refuses %s as a JSON payload error', async (_label, over, message) => {
		const res = await ingest({ ...valid(), ...over });
		expect(res.status).toBe(400);
		expect(res.body.error.message).toContain(message);
		expect(errorReason(res.body)).toBe('INVALID_ARGUMENT');
		const notJson = await dm(sandbox, 'POST', '/v1/audienceMembers:ingest', {
			headers: { 'content-type': 'application/json' },
		});
		expect(notJson.status).toBe(400);
	});

	it('lists every violation of the request, spec and service checks together', async () => {
		const res = await ingest({
			...valid(),
			audienceMembers: [
				memberWith([{ emailAddress: 'plain@example.com' }]),
				memberWith([address({ familyName: undefined, regionCode: 'usa' })]),
			],
		});
		expect(res.status).toBe(400);
		expect(res.body.error.message).toBe('Request contains an invalid argument.');
		expect(violations(res.body)).toEqual([
			[
				'audience_members[1].composite_data.user_data.user_identifiers[0].address.family_name',
				'REQUIRED_FIELD_MISSING',
			],
			[
				'audience_members[0].composite_data.user_data.user_identifiers[0].email_address',
				'INVALID_HEX_ENCODING',
			],
			[
				'audience_members[1].composite_data.user_data.user_identifiers[0].address.region_code',
				'INVALID_REGION_CODE',
			],
		]);
	});

	it('accepts snake_case field names like Google’s JSON parser', async () => {
		const [p] = people(0, 1);
		const g = googleIdentifiersOf(p);
		const res = await ingest({
			destinations: [
				{
					operating_account: { account_type: 'GOOGLE_ADS', account_id: GOOGLE_ACCOUNT },
					product_destination_id: listId,
				},
			],
			audience_members: [
				{
					composite_data: {
						user_data: { user_identifiers: [{ email_address: googleHash(g.email) }] },
					},
				},
			],
			consent: { ad_user_data: 'CONSENT_GRANTED', ad_personalization: 'CONSENT_GRANTED' },
			encoding: 'HEX',
			terms_of_service: { customer_match_terms_of_service_status: 'ACCEPTED' },
		});
		expect(res.status).toBe(200);
		expect(members(listId)).toEqual([p.id]);
	});
});

describe('sandbox Google asynchronous processing', () => {
	let slow: Sandbox;
	beforeAll(async () => {
		slow = await startSandbox({ populationSize: 200, google: { processingDelayMs: 30 * 60_000 } });
	});
	afterAll(async () => {
		await slow.close();
	});

	it('keeps a request PROCESSING until the delay passed on the sandbox clock, then applies requests in order', async () => {
		const listId = await createUserList(slow);
		const batch = slow.population.people.slice(0, 12);
		const add = await dm(slow, 'POST', '/v1/audienceMembers:ingest', {
			json: ingestBody(listId, batch),
		});
		expect(add.status).toBe(200);
		const [processing] = await requestStatus(slow, add.body.requestId);
		expect(processing).toEqual({
			destination: destination(listId),
			requestStatus: 'PROCESSING',
			audienceMembersIngestionStatus: {
				compositeDataIngestionStatus: {
					recordCount: '12',
					dataTypeCounts: [
						{ type: 'EMAIL', count: '12' },
						{ type: 'PHONE_NUMBER', count: '12' },
						{ type: 'ADDRESS', count: '12' },
					],
				},
			},
		});
		expect(slow.google.members(listId)).toEqual([]);

		slow.clock.advance(60_000);
		const drop = await dm(slow, 'POST', '/v1/audienceMembers:remove', {
			json: {
				destinations: [destination(listId)],
				audienceMembers: batch.slice(0, 2).map((p) => googleHashedMember(p)),
				encoding: 'HEX',
			},
		});
		// (real milliseconds pass between the calls too: keep a few seconds of margin)
		slow.clock.advance(29 * 60_000 - 5_000);
		expect((await requestStatus(slow, add.body.requestId))[0].requestStatus).toBe('PROCESSING');
		slow.clock.advance(10_000);
		expect((await requestStatus(slow, add.body.requestId))[0].requestStatus).toBe('SUCCESS');
		expect(slow.google.members(listId)).toEqual(ids(batch));
		expect((await requestStatus(slow, drop.body.requestId))[0].requestStatus).toBe('PROCESSING');
		slow.clock.advance(60_000);
		expect((await requestStatus(slow, drop.body.requestId))[0].requestStatus).toBe('SUCCESS');
		expect(slow.google.members(listId)).toEqual(ids(batch.slice(2)));
	});
});

describe('sandbox Google audienceMembers:remove and :removeAll', () => {
	it('removes members (a member may carry its own consent; the request may not)', async () => {
		const listId = await createUserList(sandbox);
		const batch = people(0, 20);
		await ingestOk(ingestBody(listId, batch));
		const body = {
			destinations: [destination(listId)],
			audienceMembers: batch
				.slice(0, 5)
				.map((p, i) => googleHashedMember(p, i === 0 ? { consent: 'denied' } : {})),
			encoding: 'HEX',
		};
		const res = await remove(body);
		expect(res.status).toBe(200);
		const [status] = await requestStatus(sandbox, res.body.requestId);
		expect(status).toMatchObject({
			requestStatus: 'SUCCESS',
			audienceMembersRemovalStatus: {
				compositeDataRemovalStatus: { recordCount: '5', dataTypeCounts: expect.any(Array) },
			},
		});
		expect(status.errorInfo).toBeUndefined();
		expect(members(listId)).toEqual(ids(batch.slice(5)));
		expect(list(listId).sizeInfo.displayNetworkMembersCount).toBe('15');

		for (const extra of [
			{ consent: GRANTED },
			{ termsOfService: { customerMatchTermsOfServiceStatus: 'ACCEPTED' } },
		]) {
			const refused = await remove({ ...body, ...extra });
			expect(refused.status).toBe(400);
			expect(refused.body.error.message).toMatch(
				/Unknown name "(consent|termsOfService)": Cannot find field/,
			);
		}
	});

	it('removeAll removes the members last added before removeAsOfTime', async () => {
		const listId = await createUserList(sandbox);
		await ingestOk(ingestBody(listId, people(0, 10)));
		sandbox.clock.advance(60_000);
		const syncStart = new Date(sandbox.clock.now()).toISOString();
		sandbox.clock.advance(1_000);
		await ingestOk(ingestBody(listId, people(5, 10)));

		const res = await removeAll({ destinations: [destination(listId)], removeAsOfTime: syncStart });
		expect(res.status).toBe(200);
		expect(members(listId)).toEqual(ids(people(5, 10)));
		const [status] = await requestStatus(sandbox, res.body.requestId);
		expect(status).toEqual({
			destination: destination(listId),
			requestStatus: 'SUCCESS',
			warningInfo: {},
			removeAllAudienceMembersStatus: {},
		});

		const future = new Date(sandbox.clock.now() + 60_000).toISOString();
		const refused = await removeAll({
			destinations: [destination(listId)],
			removeAsOfTime: future,
		});
		expect(refused.status).toBe(400);
		expect(violations(refused.body)).toEqual([['remove_as_of_time', 'INVALID_REMOVE_AS_OF_TIME']]);
		const malformed = await removeAll({
			destinations: [destination(listId)],
			removeAsOfTime: 'yesterday',
		});
		expect(malformed.status).toBe(400);
		expect(malformed.body.error.message).toContain('google.protobuf.Timestamp');

		// Without removeAsOfTime: everyone added before now.
		sandbox.clock.advance(1_000);
		expect((await removeAll({ destinations: [destination(listId)] })).status).toBe(200);
		expect(members(listId)).toEqual([]);
		expect(list(listId).sizeInfo.displayNetworkMembersCount).toBe('0');
		expect(list(listId).targetNetworkInfo.eligibleForDisplay).toBe(false);
	});

	it('answers 404 for an unknown request id and 400 without one', async () => {
		const unknown = await dm(sandbox, 'GET', '/v1/requestStatus:retrieve', {
			query: { requestId: 'nope' },
		});
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.status).toBe('NOT_FOUND');
		expect(errorReason(unknown.body)).toBe('INVALID_REQUEST_ID');
		const missing = await dm(sandbox, 'GET', '/v1/requestStatus:retrieve');
		expect(violations(missing.body)).toEqual([['request_id', 'REQUIRED_FIELD_MISSING']]);
	});
});
