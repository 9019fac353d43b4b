import { listSearch } from '../helpers/engine';
import { GOOGLE_ACCOUNT, googleAdAudience, serviceAccountStore } from '../helpers/google';
import { ACCEPTED_ACCOUNT, adAudience, META_TOKEN, metaCredentials } from '../helpers/meta';
import type { Sandbox } from '../helpers/sandbox';
import { useSandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 100 }, (started) => (sandbox = started));

async function post(path: string, body: unknown, token: string): Promise<void> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
		body: JSON.stringify(body),
	});
	expect(response.status).toBe(200);
}

describe('paging through many audiences', () => {
	it('Meta Get Many follows Graph cursors across pages, and Limit stops early', async () => {
		for (let i = 0; i < 130; i++) {
			await post(
				`/v26.0/act_${ACCEPTED_ACCOUNT}/customaudiences`,
				{ name: `Segment ${i}`, subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' },
				META_TOKEN,
			);
		}
		const all = await adAudience(sandbox.url, { operation: 'getMany', returnAll: true, filters: {} });
		expect(all.error).toBeUndefined();
		expect(new Set(all.items.map((item) => item.json.id)).size).toBe(130);
		const pages = (sandbox.requests as Array<{ path: string }>).filter((r) => r.path.endsWith('/customaudiences'));
		expect(pages.length).toBeGreaterThanOrEqual(2);

		const limited = await adAudience(sandbox.url, { operation: 'getMany', returnAll: false, limit: 120, filters: {} });
		expect(limited.items).toHaveLength(120);

		const first = await listSearch({
			type: 'adAudience',
			method: 'searchMetaAudiences',
			parameters: { platform: 'meta', operation: 'getStatus', adAccount: { __rl: true, mode: 'id', value: `act_${ACCEPTED_ACCOUNT}` } },
			credentials: metaCredentials(sandbox.url),
		});
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBeTruthy();
		const second = await listSearch({
			type: 'adAudience',
			method: 'searchMetaAudiences',
			parameters: { platform: 'meta', operation: 'getStatus', adAccount: { __rl: true, mode: 'id', value: `act_${ACCEPTED_ACCOUNT}` } },
			credentials: metaCredentials(sandbox.url),
			paginationToken: first.paginationToken,
		});
		expect(second.results).toHaveLength(50);
		expect(second.results.map((r) => r.value)).not.toContain(first.results[0].value);
	});

	it('Google Get Many follows page tokens across pages; the user-list locator pages and searches', async () => {
		const token = 'sandbox-google-token';
		for (let i = 0; i < 260; i++) {
			await post(
				`/v1/accountTypes/GOOGLE_ADS/accounts/${GOOGLE_ACCOUNT}/userLists`,
				{ displayName: `List ${String(i).padStart(3, '0')}`, ingestedUserListInfo: { uploadKeyTypes: ['CONTACT_ID'] } },
				token,
			);
		}
		const store = serviceAccountStore(sandbox);
		const all = await googleAdAudience(store, { operation: 'getMany', returnAll: true, filters: {} });
		expect(all.error).toBeUndefined();
		expect(new Set(all.items.map((item) => item.json.id)).size).toBe(260);
		const pages = (sandbox.requests as Array<{ method: string; path: string }>).filter(
			(r) => r.method === 'GET' && r.path.endsWith('/userLists'),
		);
		expect(pages).toHaveLength(2);

		const parameters = { platform: 'google', authentication: 'serviceAccount', googleAccountId: GOOGLE_ACCOUNT, operation: 'getStatus' };
		const first = await listSearch({ type: 'adAudience', method: 'searchGoogleUserLists', parameters, credentials: store });
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBeTruthy();
		const second = await listSearch({
			type: 'adAudience',
			method: 'searchGoogleUserLists',
			parameters,
			credentials: store,
			paginationToken: first.paginationToken,
		});
		expect(second.results).toHaveLength(50);
		const searched = await listSearch({ type: 'adAudience', method: 'searchGoogleUserLists', parameters, credentials: store, filter: 'List 12' });
		expect(searched.results.map((r) => r.name).sort()).toEqual(['List 120', 'List 121', 'List 122', 'List 123', 'List 124', 'List 125', 'List 126', 'List 127', 'List 128', 'List 129']);
	});
});
