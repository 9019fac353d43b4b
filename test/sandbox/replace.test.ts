import type { Sandbox } from '../../sandbox';
import { hashedRow } from '../../sandbox/testing';
import { createAudience, graph } from './graph';
import { useSandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 1000 }, (started) => (sandbox = started));

const rows = (from: number, count: number) =>
	sandbox.population.people.slice(from, from + count).map((p) => hashedRow(p, ['EMAIL', 'PHONE']));
const payload = (from: number, count: number) => ({
	schema: ['EMAIL', 'PHONE'],
	data: rows(from, count),
});
const members = (id: string) =>
	[...sandbox.meta.liveAudience(id).membership.members].sort((a, b) => a - b);
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const operationStatus = async (id: string) =>
	(await graph(sandbox, 'GET', `/${id}`, { query: { fields: 'operation_status' } })).body
		.operation_status.code;

const replace = (id: string, session: Record<string, unknown>, from = 0, count = 5) =>
	graph(sandbox, 'POST', `/${id}/usersreplace`, {
		json: { payload: payload(from, count), session },
	});
const add = (id: string, from: number, count: number) =>
	graph(sandbox, 'POST', `/${id}/users`, { json: { payload: payload(from, count) } });

async function audienceWithMembers(): Promise<string> {
	const id = await createAudience(sandbox);
	await add(id, 0, 20);
	expect(members(id)).toEqual(range(0, 20));
	return id;
}

describe('sandbox /{ca}/usersreplace', () => {
	it('replaces the membership over a session: 414 while open, swapped in on last_batch_flag', async () => {
		const id = await audienceWithMembers();
		const first = await replace(
			id,
			{ session_id: 77, batch_seq: 1, estimated_num_total: 15 },
			100,
			10,
		);
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({
			audience_id: id,
			session_id: '77',
			num_received: 10,
			num_invalid_entries: 0,
		});
		expect(await operationStatus(id)).toBe(414);
		expect(members(id)).toEqual(range(0, 20));

		const busy = await add(id, 50, 1);
		expect(busy.body.error).toMatchObject({ code: 2650, error_subcode: 1870145 });
		const busyRemove = await graph(sandbox, 'DELETE', `/${id}/users`, {
			json: { payload: payload(0, 1) },
		});
		expect(busyRemove.body.error).toMatchObject({ code: 2650, error_subcode: 1870145 });

		const last = await replace(id, { session_id: 77, batch_seq: 2, last_batch_flag: true }, 110, 5);
		expect(last.body).toMatchObject({ session_id: '77', num_received: 15 });
		expect(members(id)).toEqual(range(100, 15));
		expect(await operationStatus(id)).toBe(200);

		// After the replace, /users works again.
		expect((await add(id, 0, 1)).status).toBe(200);
		expect(members(id)).toHaveLength(16);
	});

	it('rejects batches outside a session started with batch_seq 1 (1870147)', async () => {
		const id = await audienceWithMembers();
		const orphan = await replace(id, { session_id: 5, batch_seq: 2 });
		expect(orphan.body.error).toMatchObject({ code: 2650, error_subcode: 1870147 });
		expect(await operationStatus(id)).toBe(200);

		await replace(id, { session_id: 6, batch_seq: 1 });
		const again = await replace(id, { session_id: 6, batch_seq: 1 });
		expect(again.body.error).toMatchObject({ code: 2650, error_subcode: 1870147 });
	});

	it('rejects batches after the last one (1870159) and a second replace while one is open (1870145)', async () => {
		const id = await audienceWithMembers();
		await replace(id, { session_id: 8, batch_seq: 1 });
		const concurrent = await replace(id, { session_id: 9, batch_seq: 1 });
		expect(concurrent.body.error).toMatchObject({ code: 2650, error_subcode: 1870145 });

		await replace(id, { session_id: 8, batch_seq: 2, last_batch_flag: true });
		const late = await replace(id, { session_id: 8, batch_seq: 3 });
		expect(late.body.error).toMatchObject({ code: 2650, error_subcode: 1870159 });
		const reused = await replace(id, { session_id: 8, batch_seq: 1 });
		expect(reused.body.error).toMatchObject({ code: 2650, error_subcode: 1870159 });
		expect(
			(await replace(id, { session_id: 10, batch_seq: 1, last_batch_flag: true }, 200, 3)).status,
		).toBe(200);
		expect(members(id)).toEqual(range(200, 3));
	});

	it('times a session out after 90 minutes: the audience keeps what was uploaded (1870158)', async () => {
		const id = await audienceWithMembers();
		await replace(id, { session_id: 11, batch_seq: 1 }, 300, 4);
		sandbox.clock.advance(89 * 60_000);
		expect((await replace(id, { session_id: 11, batch_seq: 2 }, 304, 2)).status).toBe(200);
		sandbox.clock.advance(2 * 60_000);
		const late = await replace(id, { session_id: 11, batch_seq: 3, last_batch_flag: true }, 306, 2);
		expect(late.body.error).toMatchObject({ code: 2650, error_subcode: 1870158 });
		expect(members(id)).toEqual(range(300, 6));
		expect(await operationStatus(id)).toBe(200);
		const sessions = await graph(sandbox, 'GET', `/${id}/sessions`, {
			query: { session_id: '11' },
		});
		expect(sessions.body.data).toEqual([
			expect.objectContaining({ session_id: '11', stage: 'timeout', num_received: 6 }),
		]);
	});

	it('never reuses a session_id for another audience, and requires a session', async () => {
		const a = await audienceWithMembers();
		const b = await createAudience(sandbox, 'other');
		await replace(a, { session_id: 12, batch_seq: 1 });
		const reused = await replace(b, { session_id: 12, batch_seq: 1 });
		expect(reused.body.error).toMatchObject({
			code: 100,
			message: expect.stringContaining('already used'),
		});

		const missing = await graph(sandbox, 'POST', `/${b}/usersreplace`, {
			json: { payload: payload(0, 1) },
		});
		expect(missing.body.error).toMatchObject({
			code: 100,
			message: expect.stringContaining('session is required'),
		});
		const badSeq = await replace(b, { session_id: 13, batch_seq: 'one' });
		expect(badSeq.body.error.code).toBe(100);
	});
});
