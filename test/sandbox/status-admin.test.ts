import type { Sandbox } from '../../sandbox';
import { createUserList, dm, userListsPath } from './google';
import { createAudience, graph } from './graph';
import { useSandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 100 }, (started) => (sandbox = started));

async function admin(path: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
	const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(input),
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('sandbox admin: what the platforms decide on their own', () => {
	it('Meta: sets an operation_status (flagged, expiring, replace failed) and gives the computed one back', async () => {
		const id = await createAudience(sandbox);
		const code = async () =>
			(await graph(sandbox, 'GET', `/${id}`, { query: { fields: 'operation_status' } })).body.operation_status;
		expect((await code()).code).toBe(410);
		for (const status of [471, 100, 415]) {
			const set = await admin(`/meta/audiences/${id}`, { operationStatus: status });
			expect(set).toMatchObject({ status: 200, body: { ok: true, operation_status: { code: status } } });
			expect(await code()).toMatchObject({ code: status, description: expect.any(String) });
		}
		await admin(`/meta/audiences/${id}`, { operationStatus: null });
		expect((await code()).code).toBe(410);
		expect((await admin(`/meta/audiences/${id}`, { operationStatus: 999 })).status).toBe(400);
	});

	it('Google: closes a list as unused, and reopens it', async () => {
		const id = await createUserList(sandbox);
		const read = async () => (await dm(sandbox, 'GET', `${userListsPath()}/${id}`)).body;
		expect(await read()).toMatchObject({ membershipStatus: 'OPEN' });
		expect((await read()).closingReason).toBeUndefined();

		const closed = await admin(`/google/user-lists/${id}`, { membershipStatus: 'CLOSED' });
		expect(closed.body.userList).toMatchObject({ membershipStatus: 'CLOSED', closingReason: 'UNUSED' });
		expect(await read()).toMatchObject({ membershipStatus: 'CLOSED', closingReason: 'UNUSED' });

		await admin(`/google/user-lists/${id}`, { membershipStatus: 'OPEN' });
		expect((await read()).closingReason).toBeUndefined();
		expect((await admin('/google/user-lists/1', { membershipStatus: 'CLOSED' })).status).toBe(400);
	});
});
