import type { Sandbox } from '../../sandbox';
import { hashedRow } from '../../sandbox/testing';
import { ACCOUNT, createAudience, graph, PENDING_ACCOUNT } from './graph';
import { useSandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 50 }, (started) => (sandbox = started));

const audiencesPath = `/act_${ACCOUNT}/customaudiences`;
const customerListsOnly = JSON.stringify([{ field: 'subtype', operator: 'EQUAL', value: 'CUSTOM' }]);

/** Every audience of the listing, following `paging.next` as a client does. */
async function listAll(query: Record<string, string>): Promise<Array<{ id: string; subtype?: string }>> {
	const seen: Array<{ id: string; subtype?: string }> = [];
	let page = await graph(sandbox, 'GET', audiencesPath, { query });
	for (;;) {
		expect(page.status).toBe(200);
		seen.push(...page.body.data);
		const next: string | undefined = page.body.paging?.next;
		if (!next) return seen;
		const after = new URL(next).searchParams.get('after') as string;
		page = await graph(sandbox, 'GET', audiencesPath, { query: { ...query, after } });
	}
}

async function admin(path: string, input: unknown) {
	const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(input),
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('sandbox: the limit of 500 customer-list audiences per ad account', () => {
	it('refuses the 501st customer list with code 100, and creates again once one is deleted', async () => {
		const ids = sandbox.meta.seedAudiences(ACCOUNT, 499);
		expect(ids).toHaveLength(499);
		const last = await createAudience(sandbox, 'The 500th');
		expect(sandbox.meta.customerListCount(ACCOUNT)).toBe(500);

		const refused = await graph(sandbox, 'POST', audiencesPath, {
			json: { name: 'The 501st', subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' },
		});
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatchObject({
			code: 100,
			type: 'OAuthException',
			error_user_title: 'Custom Audience Limit Reached',
			message: expect.stringContaining(`act_${ACCOUNT} already has 500 customer list custom audiences, the maximum is 500`),
		});
		expect(sandbox.meta.customerListCount(ACCOUNT)).toBe(500);

		expect((await graph(sandbox, 'DELETE', `/${last}`)).body).toEqual({ success: true });
		expect(await createAudience(sandbox, 'In the freed slot')).toMatch(/^\d+$/);
		// The limit is per ad account.
		sandbox.meta.setTosAccepted(PENDING_ACCOUNT, true);
		expect(await createAudience(sandbox, 'Elsewhere', PENDING_ACCOUNT)).toMatch(/^\d+$/);
	});

	it('counts customer lists only: other subtypes are listed, do not use the limit and take no uploads', async () => {
		sandbox.meta.seedAudiences(ACCOUNT, 499, { subtype: 'CUSTOM' });
		const lookalikes = sandbox.meta.seedAudiences(ACCOUNT, 30, { subtype: 'LOOKALIKE', namePrefix: 'LAL' });
		sandbox.meta.seedAudiences(ACCOUNT, 7, { subtype: 'WEBSITE' });
		expect(sandbox.meta.customerListCount(ACCOUNT)).toBe(499);
		expect(await createAudience(sandbox, 'The 500th customer list')).toMatch(/^\d+$/);

		const all = await listAll({ fields: 'id,subtype', limit: '200' });
		expect(all).toHaveLength(537);
		const customerLists = await listAll({ fields: 'id,subtype', limit: '200', filtering: customerListsOnly });
		expect(customerLists).toHaveLength(500);
		expect(new Set(customerLists.map((a) => a.id)).size).toBe(500);
		expect(customerLists.every((a) => a.subtype === 'CUSTOM')).toBe(true);

		const lookalike = await graph(sandbox, 'GET', `/${lookalikes[0]}`, { query: { fields: 'id,name,subtype,customer_file_source' } });
		expect(lookalike.body).toEqual({ id: lookalikes[0], name: 'LAL 1', subtype: 'LOOKALIKE' });
		const [person] = sandbox.population.people;
		const upload = await graph(sandbox, 'POST', `/${lookalikes[0]}/users`, {
			json: { payload: { schema: ['EMAIL'], data: [hashedRow(person, ['EMAIL'])] } },
		});
		expect(upload.body.error).toMatchObject({ code: 100, message: expect.stringContaining('subtype CUSTOM') });

		const refused = await graph(sandbox, 'POST', audiencesPath, {
			json: { name: 'One too many', subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' },
		});
		expect(refused.body.error).toMatchObject({ code: 100, error_user_title: 'Custom Audience Limit Reached' });
	});

	it('seeds through its admin route, within the limit and with known subtypes only', async () => {
		const seeded = await admin(`/meta/ad-accounts/act_${ACCOUNT}/audiences`, { count: 3, namePrefix: 'Old list' });
		expect(seeded).toMatchObject({ status: 200, body: { ok: true, customerLists: 3 } });
		expect(seeded.body.ids).toHaveLength(3);
		const names = (await listAll({ fields: 'name', filtering: customerListsOnly })) as unknown as Array<{ name: string }>;
		expect(names.map((a) => a.name).sort()).toEqual(['Old list 1', 'Old list 2', 'Old list 3']);

		expect((await admin(`/meta/ad-accounts/${ACCOUNT}/audiences`, { count: 498 })).status).toBe(400);
		expect((await admin(`/meta/ad-accounts/${ACCOUNT}/audiences`, { count: 1, subtype: 'PARTNER' })).status).toBe(400);
		expect((await admin(`/meta/ad-accounts/${ACCOUNT}/audiences`, { count: 5, subtype: 'ENGAGEMENT' })).body).toMatchObject({
			ok: true,
			customerLists: 3,
		});
		expect(sandbox.meta.customerListCount(ACCOUNT)).toBe(3);
	});
});
