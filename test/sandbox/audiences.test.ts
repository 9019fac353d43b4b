import type { Sandbox } from '../../sandbox';
import { ACCOUNT, createAudience, graph, PENDING_ACCOUNT, readJson, TOKEN } from './graph';
import { useSandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 200, meta: { maxAudiencesPerAccount: 8 } }, (started) => (sandbox = started));

const audiencesPath = `/act_${ACCOUNT}/customaudiences`;

describe('sandbox custom audiences', () => {
	it('creates from a JSON or a form body and reads back only the requested fields', async () => {
		const fromJson = await createAudience(sandbox, 'From JSON');
		expect(fromJson).toMatch(/^\d{17}$/);
		const fromForm = await graph(sandbox, 'POST', audiencesPath, {
			form: {
				name: 'From form',
				subtype: 'CUSTOM',
				customer_file_source: 'PARTNER_PROVIDED_ONLY',
				description: 'd',
				retention_days: '30',
			},
		});
		expect(fromForm.status).toBe(200);
		expect(fromForm.body).toEqual({ id: expect.stringMatching(/^\d+$/) });

		expect((await graph(sandbox, 'GET', `/${fromJson}`)).body).toEqual({ id: fromJson });
		const got = await graph(sandbox, 'GET', `/${fromForm.body.id}`, {
			query: {
				fields:
					'id,account_id,name,description,subtype,customer_file_source,retention_days,approximate_count_lower_bound,approximate_count_upper_bound,delivery_status,operation_status{code},data_source,time_created,time_content_updated,is_value_based,permission_for_actions,sharing_status',
			},
		});
		expect(got.body).toMatchObject({
			id: fromForm.body.id,
			account_id: ACCOUNT,
			name: 'From form',
			description: 'd',
			subtype: 'CUSTOM',
			customer_file_source: 'PARTNER_PROVIDED_ONLY',
			retention_days: 30,
			approximate_count_lower_bound: 0,
			approximate_count_upper_bound: 0,
			delivery_status: { code: 300, description: expect.stringContaining('too small') },
			operation_status: { code: 410 },
			data_source: { type: 'UNKNOWN' },
			is_value_based: false,
		});
		expect(got.body.operation_status).toEqual({ code: 410 });
		expect(got.body.time_created).toBeGreaterThan(1_700_000_000);

		const bad = await graph(sandbox, 'GET', `/${fromJson}`, {
			query: { fields: 'id,approximate_count' },
		});
		expect(bad.body.error).toMatchObject({
			code: 100,
			message: expect.stringContaining('nonexisting field (approximate_count)'),
		});
	});

	it.each([
		[{ subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' }, 'name is required'],
		[{ name: 'x', customer_file_source: 'USER_PROVIDED_ONLY' }, 'subtype is required'],
		[
			{ name: 'x', subtype: 'LOOKALIKE', customer_file_source: 'USER_PROVIDED_ONLY' },
			'subtype must be CUSTOM',
		],
		[{ name: 'x', subtype: 'CUSTOM' }, 'customer_file_source is required'],
		[
			{ name: 'x', subtype: 'CUSTOM', customer_file_source: 'SOMETIMES' },
			'customer_file_source must be one of',
		],
		[
			{
				name: 'x',
				subtype: 'CUSTOM',
				customer_file_source: 'USER_PROVIDED_ONLY',
				retention_days: 365,
			},
			'retention_days',
		],
	])('refuses a create with %j (code 100)', async (json, message) => {
		const res = await graph(sandbox, 'POST', audiencesPath, { json });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({
			code: 100,
			type: 'OAuthException',
			message: expect.stringContaining(message),
		});
	});

	it('refuses to create when the Custom Audience terms are not accepted (200 / 1870090)', async () => {
		const res = await graph(sandbox, 'POST', `/act_${PENDING_ACCOUNT}/customaudiences`, {
			json: { name: 'x', subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' },
		});
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({
			code: 200,
			error_subcode: 1870090,
			error_user_title: 'Custom Audience Terms Not Accepted',
			error_user_msg: expect.stringContaining(
				`https://business.facebook.com/ads/manage/customaudiences/tos/?act=${PENDING_ACCOUNT}`,
			),
		});
		sandbox.meta.setTosAccepted(PENDING_ACCOUNT, true);
		expect(await createAudience(sandbox, 'now allowed', PENDING_ACCOUNT)).toMatch(/^\d+$/);
	});

	it('caps the number of customer-list audiences per ad account', async () => {
		for (let i = 0; i < 8; i++) await createAudience(sandbox, `A${i}`);
		const res = await graph(sandbox, 'POST', audiencesPath, {
			json: { name: 'one too many', subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' },
		});
		expect(res.body.error).toMatchObject({
			code: 100,
			message: expect.stringContaining('maximum is 8'),
		});
	});

	it('lists newest first with opaque cursors and token-free next links', async () => {
		const ids: string[] = [];
		for (const name of ['alpha one', 'beta', 'Alpha two', 'gamma', 'alpha three'])
			ids.push(await createAudience(sandbox, name));
		const expected = [...ids].reverse();

		const seen: string[] = [];
		let page = await graph(sandbox, 'GET', audiencesPath, {
			query: { fields: 'id,name', limit: '2' },
			tokenIn: 'query',
		});
		for (;;) {
			expect(page.status).toBe(200);
			seen.push(...page.body.data.map((a: { id: string }) => a.id));
			const next: string | undefined = page.body.paging?.next;
			if (!next) break;
			expect(next.startsWith(`${sandbox.url}/v26.0${audiencesPath}?`)).toBe(true);
			expect(next).not.toContain(TOKEN);
			expect(next).not.toContain('access_token');
			const res = await fetch(next, { headers: { authorization: `Bearer ${TOKEN}` } });
			page = { status: res.status, body: await readJson(res), text: '', headers: res.headers };
		}
		expect(seen).toEqual(expected);

		const second = await graph(sandbox, 'GET', audiencesPath, {
			query: {
				limit: '2',
				after: (await graph(sandbox, 'GET', audiencesPath, { query: { limit: '2' } })).body.paging
					.cursors.after,
			},
		});
		expect(second.body.data.map((a: { id: string }) => a.id)).toEqual(expected.slice(2, 4));
		expect(second.body.paging.previous).toContain('before=');
		const back = await graph(sandbox, 'GET', audiencesPath, {
			query: { limit: '2', before: second.body.paging.cursors.before },
		});
		expect(back.body.data.map((a: { id: string }) => a.id)).toEqual(expected.slice(0, 2));

		expect(
			(await graph(sandbox, 'GET', audiencesPath, { query: { after: 'garbage' } })).body.error.code,
		).toBe(100);
	});

	it('filters by name (CONTAIN, case-insensitive; EQUAL, exact) and by subtype', async () => {
		for (const name of ['alpha one', 'beta', 'Alpha two']) await createAudience(sandbox, name);
		const names = async (filtering: unknown) =>
			(
				await graph(sandbox, 'GET', audiencesPath, {
					query: { fields: 'name', filtering: JSON.stringify(filtering) },
				})
			).body.data.map((a: { name: string }) => a.name);
		expect(await names([{ field: 'name', operator: 'CONTAIN', value: 'alpha' }])).toEqual([
			'Alpha two',
			'alpha one',
		]);
		expect(await names([{ field: 'name', operator: 'EQUAL', value: 'alpha one' }])).toEqual([
			'alpha one',
		]);
		expect(await names([{ field: 'subtype', operator: 'EQUAL', value: 'CUSTOM' }])).toHaveLength(3);
		expect(await names([{ field: 'subtype', operator: 'IN', value: ['LOOKALIKE'] }])).toEqual([]);
		const bad = await graph(sandbox, 'GET', audiencesPath, {
			query: { filtering: '[{"field":"color","operator":"EQUAL","value":1}]' },
		});
		expect(bad.body.error.code).toBe(100);
	});

	it('updates, deletes, then reports the audience deleted; unknown ids are subcode 33', async () => {
		const id = await createAudience(sandbox, 'before');
		const updated = await graph(sandbox, 'POST', `/${id}`, {
			json: {
				name: 'after',
				description: 'new',
				retention_days: 90,
				customer_file_source: 'BOTH_USER_AND_PARTNER_PROVIDED',
			},
		});
		expect(updated.body).toEqual({ success: true });
		expect(
			(
				await graph(sandbox, 'GET', `/${id}`, {
					query: { fields: 'name,description,retention_days,customer_file_source' },
				})
			).body,
		).toEqual({
			name: 'after',
			description: 'new',
			retention_days: 90,
			customer_file_source: 'BOTH_USER_AND_PARTNER_PROVIDED',
		});
		expect(
			(await graph(sandbox, 'POST', `/${id}`, { json: { customer_file_source: 'NOPE' } })).body
				.error.code,
		).toBe(100);

		expect((await graph(sandbox, 'DELETE', `/${id}`)).body).toEqual({ success: true });
		const gone = await graph(sandbox, 'GET', `/${id}`);
		expect(gone.status).toBe(400);
		expect(gone.body.error).toMatchObject({ code: 100, error_subcode: 1487366 });
		expect((await graph(sandbox, 'GET', audiencesPath)).body.data).toEqual([]);

		const unknown = await graph(sandbox, 'GET', '/99999999999999999', {
			query: { fields: 'name' },
		});
		expect(unknown.body.error).toMatchObject({
			code: 100,
			error_subcode: 33,
			type: 'GraphMethodException',
			message: expect.stringContaining(
				"Unsupported get request. Object with ID '99999999999999999' does not exist",
			),
		});
		expect((await graph(sandbox, 'DELETE', '/99999999999999999')).body.error.message).toContain(
			'Unsupported delete request',
		);
		// Graph's POST ?method=DELETE override
		const other = await createAudience(sandbox, 'override');
		expect(
			(await graph(sandbox, 'POST', `/${other}`, { query: { method: 'DELETE' } })).body,
		).toEqual({ success: true });
	});
});
