import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { approximateBounds } from '../../sandbox/meta/state';
import { externIdOf, hashedRow, sha256Hex } from '../../sandbox/testing';
import { ACCOUNT, createAudience, graph } from './graph';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({
		populationSize: 2000,
		meta: { maxRowsPerRequest: 100, maxBodyBytes: 64_000, minDeliverySize: 20 },
	});
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => sandbox.reset());

const SCHEMA = ['EMAIL', 'PHONE', 'FN', 'LN', 'ZIP', 'COUNTRY', 'MADID', 'EXTERN_ID'];
const people = (from: number, count: number) => sandbox.population.people.slice(from, from + count);
const rows = (from: number, count: number, schema = SCHEMA) =>
	people(from, count).map((p) => hashedRow(p, schema));
const members = (id: string) => sandbox.meta.liveAudience(id).membership.members;

const status = async (id: string) =>
	(
		await graph(sandbox, 'GET', `/${id}`, {
			query: {
				fields:
					'approximate_count_lower_bound,approximate_count_upper_bound,delivery_status,operation_status,data_source,time_content_updated',
			},
		})
	).body;

describe('sandbox /{ca}/users', () => {
	it('adds correctly normalized and hashed rows: all match, and the status follows', async () => {
		const id = await createAudience(sandbox);
		const res = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: SCHEMA, data: rows(0, 60), is_raw: true } },
		});
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			audience_id: id,
			session_id: expect.stringMatching(/^\d+$/),
			num_received: 60,
			num_invalid_entries: 0,
			invalid_entry_samples: {},
		});
		expect(members(id).size).toBe(60);
		expect(await status(id)).toMatchObject({
			approximate_count_lower_bound: 60,
			approximate_count_upper_bound: 66,
			delivery_status: { code: 200, description: 'This audience is ready for use.' },
			operation_status: { code: 200, description: 'Normal' },
			data_source: { type: 'FILE_IMPORTED', sub_type: 'MULTI_HASHES' },
		});
		const logged = sandbox.requests.find((r) => r.path.endsWith('/users'));
		expect(logged).toMatchObject({
			method: 'POST',
			payloadIn: 'body',
			bodyType: 'json',
			rows: 60,
			status: 200,
		});
		expect(res.headers.get('x-business-use-case-usage')).toContain(`"${ACCOUNT}"`);
	});

	it('matches nothing when values were hashed without (or with wrong) normalization', async () => {
		const id = await createAudience(sandbox);
		const wrong = people(0, 30).map((p, i) => [
			[
				sha256Hex(p.email.toUpperCase()),
				sha256Hex(` ${p.email}`),
				sha256Hex(p.email.replace('@', '.@')),
			][i % 3],
			sha256Hex(p.phone.replace(/^(1|44|49|33|39|34|82)/, '')),
		]);
		const res = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL', 'PHONE'], data: wrong } },
		});
		expect(res.body).toMatchObject({ num_received: 30, num_invalid_entries: 0 });
		expect(members(id).size).toBe(0);
		expect(sandbox.meta.liveAudience(id).membership.unmatched.size).toBe(30);
		expect(await status(id)).toMatchObject({
			approximate_count_lower_bound: 0,
			operation_status: { code: 411 },
			delivery_status: { code: 300 },
		});
	});

	it('counts badly hashed rows as invalid entries with samples, and still adds the good ones', async () => {
		const id = await createAudience(sandbox);
		const good = rows(0, 3, ['EMAIL', 'PHONE']);
		const email = people(10, 1)[0].email;
		const res = await graph(sandbox, 'POST', `/${id}/users`, {
			json: {
				payload: {
					schema: ['EMAIL', 'PHONE'],
					data: [
						...good,
						[email, ''],
						[sha256Hex(email).toUpperCase(), ''],
						['0cc175b9c0f1b6a831c399e269772661', ''],
						['', ''],
						[42, ''],
					],
				},
			},
		});
		expect(res.status).toBe(200);
		expect(res.body.num_received).toBe(8);
		expect(res.body.num_invalid_entries).toBe(5);
		expect(res.body.invalid_entry_samples).toEqual({
			[email]: expect.stringContaining('not a SHA-256 hash'),
			[sha256Hex(email).toUpperCase()]: expect.stringContaining('lowercase'),
			'0cc175b9c0f1b6a831c399e269772661': expect.stringContaining('MD5'),
			'row 6': expect.stringContaining('no identifier'),
			'42': expect.stringContaining('expected a string'),
		});
		expect(members(id).size).toBe(3);
		expect((await status(id)).operation_status.code).toBe(412);
	});

	it.each([
		[{ schema: ['EMAIL', 'SHOE_SIZE'], data: [['', '']] }, 'Invalid schema key: SHOE_SIZE'],
		[{ schema: ['EMAIL', 'EMAIL'], data: [['', '']] }, 'appears twice'],
		[{ schema: ['EMAIL_SHA256', 'PHONE'], data: [['', '']] }, 'single-key schema'],
		[{ schema: ['EMAIL', 'PHONE'], data: [['']] }, 'has 1 values but the schema has 2 keys'],
		[{ schema: ['EMAIL'], data: [] }, 'non-empty array'],
		[{ data: [['x']] }, 'payload[schema] is required'],
		[undefined, 'payload is required'],
	])('refuses a malformed payload %j with code 100', async (payload, message) => {
		const id = await createAudience(sandbox);
		const res = await graph(sandbox, 'POST', `/${id}/users`, {
			json: payload === undefined ? {} : { payload },
		});
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ code: 100, message: expect.stringContaining(message) });
	});

	it('refuses more rows than the per-request limit', async () => {
		const id = await createAudience(sandbox);
		const data = Array.from({ length: 101 }, () => ['']);
		const res = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL'], data } },
		});
		expect(res.body.error).toMatchObject({
			code: 100,
			message: expect.stringContaining('Too many users'),
		});
	});

	it('answers an oversize body with an HTML 413 page, like Graph front end', async () => {
		const id = await createAudience(sandbox);
		const data = Array.from({ length: 1100 }, (_, i) => [sha256Hex(String(i))]);
		const res = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL'], data } },
		});
		expect(res.status).toBe(413);
		expect(res.headers.get('content-type')).toContain('text/html');
		expect(res.text).toContain('<title>Facebook | Error</title>');
		expect(sandbox.requests[sandbox.requests.length - 1]).toMatchObject({
			status: 413,
			bodyBytes: expect.any(Number),
		});
	});

	it('removes with the payload in a JSON body, in the query string (logged as such), or by EXTERN_ID alone', async () => {
		const id = await createAudience(sandbox);
		await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: SCHEMA, data: rows(0, 30) } },
		});
		expect(members(id).size).toBe(30);

		const body = await graph(sandbox, 'DELETE', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL'], data: rows(0, 10, ['EMAIL']) } },
		});
		expect(body.body).toMatchObject({ num_received: 10, num_invalid_entries: 0 });
		expect(members(id).size).toBe(20);

		const query = await graph(sandbox, 'DELETE', `/${id}/users`, {
			query: {
				payload: JSON.stringify({
					schema: 'EMAIL_SHA256',
					data: rows(10, 5, ['EMAIL']).map((r) => r[0]),
				}),
			},
		});
		expect(query.status).toBe(200);
		expect(members(id).size).toBe(15);

		const byExternId = await graph(sandbox, 'POST', `/${id}/users`, {
			query: { method: 'DELETE' },
			json: { payload: { schema: ['EXTERN_ID'], data: people(15, 5).map((p) => [externIdOf(p)]) } },
		});
		expect(byExternId.body.num_received).toBe(5);
		expect(members(id).size).toBe(10);
		expect([...members(id)].sort((a, b) => a - b)).toEqual(people(20, 10).map((p) => p.id));

		const logged = sandbox.requests
			.filter((r) => r.path.endsWith('/users'))
			.map((r) => [r.method, r.payloadIn]);
		expect(logged).toEqual([
			['POST', 'body'],
			['DELETE', 'body'],
			['DELETE', 'query'],
			['POST', 'body'],
		]);
	});

	it('accepts a form body whose payload is a JSON string', async () => {
		const id = await createAudience(sandbox);
		const res = await graph(sandbox, 'POST', `/${id}/users`, {
			form: { payload: JSON.stringify({ schema: ['EMAIL'], data: rows(0, 4, ['EMAIL']) }) },
		});
		expect(res.body.num_received).toBe(4);
		expect(sandbox.requests[sandbox.requests.length - 1]).toMatchObject({
			payloadIn: 'body',
			bodyType: 'form',
		});
	});

	it('keeps one data source per audience, as Graph does', async () => {
		const id = await createAudience(sandbox);
		const legacy = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: 'EMAIL_SHA256', data: rows(0, 5, ['EMAIL']).map((r) => r[0]) } },
		});
		expect(legacy.body.num_received).toBe(5);
		expect((await status(id)).data_source).toEqual({
			type: 'FILE_IMPORTED',
			sub_type: 'HASHES_OR_USER_IDS',
		});
		const multi = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL'], data: rows(5, 5, ['EMAIL']) } },
		});
		expect(multi.body.error).toMatchObject({
			code: 2650,
			message: expect.stringContaining('does not support data source FILE_IMPORTED.MULTI_HASHES'),
		});
	});

	it('accumulates a session over batches and validates the session object', async () => {
		const id = await createAudience(sandbox);
		const send = (session: unknown, from: number) =>
			graph(sandbox, 'POST', `/${id}/users`, {
				json: { payload: { schema: ['EMAIL'], data: rows(from, 10, ['EMAIL']) }, session },
			});
		const first = await send({ session_id: 4242, batch_seq: 1, estimated_num_total: 20 }, 0);
		expect(first.body).toMatchObject({ session_id: '4242', num_received: 10 });
		const last = await send({ session_id: '4242', batch_seq: 2, last_batch_flag: true }, 10);
		expect(last.body).toMatchObject({ session_id: '4242', num_received: 20 });

		const sessions = await graph(sandbox, 'GET', `/${id}/sessions`);
		expect(sessions.body.data[0]).toMatchObject({
			session_id: '4242',
			num_received: 20,
			num_matched: 20,
			stage: 'processed',
		});

		for (const bad of [
			{ session_id: 1, batch_seq: 0 },
			{ batch_seq: 1 },
			{ session_id: -5, batch_seq: 1 },
			{ session_id: 1, batch_seq: 1, colour: 'red' },
			'nope',
		]) {
			expect((await send(bad, 0)).body.error.code).toBe(100);
		}
		const other = await createAudience(sandbox, 'other');
		const reused = await graph(sandbox, 'POST', `/${other}/users`, {
			json: {
				payload: { schema: ['EMAIL'], data: rows(0, 1, ['EMAIL']) },
				session: { session_id: 4242, batch_seq: 1 },
			},
		});
		expect(reused.body.error).toMatchObject({
			code: 100,
			message: expect.stringContaining('already used'),
		});
	});

	it('refuses edits when the account has not accepted the terms, and on deleted audiences', async () => {
		const id = await createAudience(sandbox);
		sandbox.meta.setTosAccepted(ACCOUNT, false);
		const res = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL'], data: rows(0, 1, ['EMAIL']) } },
		});
		expect(res.body.error).toMatchObject({ code: 200, error_subcode: 1870090 });
		sandbox.meta.setTosAccepted(ACCOUNT, true);
		await graph(sandbox, 'DELETE', `/${id}`);
		const deleted = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL'], data: rows(0, 1, ['EMAIL']) } },
		});
		expect(deleted.body.error).toMatchObject({ code: 100, error_subcode: 1487366 });
	});

	it('requires LOOKALIKE_VALUE on a value-based audience', async () => {
		const created = await graph(sandbox, 'POST', `/act_${ACCOUNT}/customaudiences`, {
			json: {
				name: 'value',
				subtype: 'CUSTOM',
				customer_file_source: 'USER_PROVIDED_ONLY',
				is_value_based: true,
			},
		});
		const id = created.body.id as string;
		const without = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL'], data: rows(0, 1, ['EMAIL']) } },
		});
		expect(without.body.error.message).toContain('requires LOOKALIKE_VALUE');
		const data = rows(0, 2, ['EMAIL']).map((r, i) => [...r, i === 0 ? 12.5 : '']);
		const withValue = await graph(sandbox, 'POST', `/${id}/users`, {
			json: { payload: { schema: ['EMAIL', 'LOOKALIKE_VALUE'], data } },
		});
		expect(withValue.body).toMatchObject({ num_received: 2, num_invalid_entries: 1 });
	});

	it('rounds approximate counts to two significant digits', () => {
		expect([0, 7, 57, 100, 1234, 1299, 98765].map((n) => approximateBounds(n))).toEqual([
			{ lower: 0, upper: 0 },
			{ lower: 7, upper: 8 },
			{ lower: 57, upper: 63 },
			{ lower: 100, upper: 110 },
			{ lower: 1200, upper: 1320 },
			{ lower: 1200, upper: 1320 },
			{ lower: 98000, upper: 107800 },
		]);
	});
});
