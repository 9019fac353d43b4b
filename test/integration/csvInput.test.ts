/**
 * Contacts From → CSV File: Audience Member reads the rows of a CSV file in each input item's
 * binary data (stored as n8n 2.x stores it, read back through n8n's binary stream), through n8n's
 * engine against the sandbox, for Add, Remove, Replace All and Sync on both platforms. One summary
 * per run: counts by status and reason, and the first invalid rows with their line numbers.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { CredentialStore } from '../helpers/engine';
import { csvFile, runNode } from '../helpers/engine';
import { GOOGLE_ACCOUNT, googleAdAudience, listById, serviceAccountStore } from '../helpers/google';
import { ACCEPTED_ACCOUNT, byId, metaCredentials, newCustomerList } from '../helpers/meta';
import type { Sandbox } from '../helpers/sandbox';
import { useSandbox } from '../helpers/sandbox';
import { range } from '../helpers/sync';

jest.setTimeout(120_000);

let sandbox: Sandbox;
useSandbox({ populationSize: 30_000 }, (started) => (sandbox = started));

const COLUMNS = ['crm_id', 'email', 'phone', 'first_name', 'last_name', 'city', 'zip', 'country', 'consent', 'excluded'];

/** A CSV text of `rows`, quoting where RFC 4180 needs it. */
function toCsv(rows: IDataObject[], { delimiter = ',', bom = false, lineEnd = '\r\n' } = {}): string {
	const field = (value: unknown) => {
		const text = value === undefined || value === null ? '' : String(value);
		return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
	};
	const lines = [COLUMNS.join(delimiter), ...rows.map((row) => COLUMNS.map((name) => field(row[name])).join(delimiter))];
	return `${bom ? '\uFEFF' : ''}${lines.join(lineEnd)}${lineEnd}`;
}

/**
 * People `from`…: messy contacts, keyed; every 10th without consent and every 25th excluded
 * (declared to the audit), every 50th broken (no usable identifier).
 */
function people(from: number, count: number): IDataObject[] {
	return sandbox.population.rawContacts(count, { offset: from, messy: true }).map((contact, i) => {
		const n = from + i;
		const row: IDataObject = { ...contact, crm_id: `crm-${n}`, consent: n % 10 === 3 ? 'no' : 'yes', excluded: n % 25 === 4 ? 'yes' : '' };
		if (n % 25 === 4) sandbox.audit.forbid([n], 'excluded');
		else if (n % 10 === 3) sandbox.audit.forbid([n], 'consent');
		return n % 50 === 17 ? { ...row, email: 'unknown', phone: 'n/a', first_name: '', last_name: '', city: '', zip: '' } : row;
	});
}
/** Who of `people(from, count)` may be sent: not excluded, consenting, not broken. */
const sendable = (from: number, count: number) => range(from, count).filter((n) => n % 25 !== 4 && n % 10 !== 3 && n % 50 !== 17);

interface Target {
	name: 'meta' | 'google';
	newAudience(): Promise<string>;
	parameters(audienceId: string): IDataObject;
	credentials(): CredentialStore | ReturnType<typeof metaCredentials>;
	members(audienceId: string): number[];
}
let lists = 0;
const TARGETS: Target[] = [
	{
		name: 'meta',
		newAudience: async () => await newCustomerList(sandbox.url, 'From CSV'),
		parameters: (audienceId) => ({ platform: 'meta', adAccount: byId(`act_${ACCEPTED_ACCOUNT}`), audience: byId(audienceId) }),
		credentials: () => metaCredentials(sandbox.url),
		members: (audienceId) => [...sandbox.meta.liveAudience(audienceId).membership.members].sort((a, b) => a - b),
	},
	{
		name: 'google',
		newAudience: async () => String((await googleAdAudience(serviceAccountStore(sandbox), { operation: 'create', name: `From CSV ${++lists}`, ifExists: 'createNew', options: {} })).items[0].json.id),
		parameters: (listId) => ({ platform: 'google', authentication: 'serviceAccount', googleAccountId: GOOGLE_ACCOUNT, userList: listById(listId), adUserDataConsentField: 'consent', adPersonalizationConsentField: 'consent' }),
		credentials: () => serviceAccountStore(sandbox),
		members: (listId) => [...(sandbox.google.liveList(GOOGLE_ACCOUNT, listId)?.members.keys() ?? [])].sort((a, b) => a - b),
	},
];

/** Audience Member on CSV files, one per input item. */
async function fromCsv(target: Target, audienceId: string, operation: string, files: IBinaryData[], extra: IDataObject = {}, staticData?: IDataObject) {
	const base = target.parameters(audienceId);
	return await runNode({
		type: 'audienceMember',
		typeVersion: 2,
		parameters: {
			...base,
			operation,
			contactSource: 'csv',
			moreIdentifierFields: { firstName: 'first_name', lastName: 'last_name', city: 'city', zip: 'zip', country: 'country' },
			consentField: 'consent',
			exclusionField: 'excluded',
			contactKeyField: 'crm_id',
			...extra,
			options: { ...(base.options as IDataObject), ...(extra.options as IDataObject) },
		},
		credentials: target.credentials(),
		input: files.map((_, i) => ({ file: i })),
		binary: files.map((file) => ({ data: file })),
		staticData,
		mode: staticData ? 'trigger' : 'manual',
		workflowId: `csv-${target.name}`,
	});
}

/** The summary item of a run; fails the test when the run failed. */
function summaryOf(result: Awaited<ReturnType<typeof fromCsv>>): IDataObject {
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	return result.items[0].json;
}

describe.each(TARGETS)('$name: contacts from a CSV file', (target) => {
	it('Add: sends the consenting, valid, not excluded rows and summarises every row', async () => {
		const id = await target.newAudience();
		const rows = people(0, 2_000);
		const summary = summaryOf(await fromCsv(target, id, 'add', [await csvFile(toCsv(rows, { delimiter: ';', bom: true }))]));
		const expected = sendable(0, 2_000);
		expect(summary).toMatchObject({ operation: 'add', csvRows: 2_000, counts: { added: expected.length } });
		expect(summary.skippedByReason).toEqual({
			excluded: range(0, 2_000).filter((n) => n % 25 === 4).length,
			no_consent: range(0, 2_000).filter((n) => n % 25 !== 4 && n % 10 === 3).length,
		});
		const broken = range(0, 2_000).filter((n) => n % 50 === 17 && n % 25 !== 4 && n % 10 !== 3);
		// No usable identifier: the row's reason is its first rejected field's (the e-mail).
		expect(summary.invalidByReason).toEqual({ invalid_email: broken.length });
		// Line 1 is the header: person n is on line n + 2.
		expect((summary.invalidRows as IDataObject[]).map((row) => row.line)).toEqual(broken.slice(0, 20).map((n) => n + 2));
		expect((summary.invalidRows as IDataObject[])[0]).toMatchObject({ item: 0, reason: 'invalid_email' });
		expect(target.members(id)).toEqual(expected);
	});

	it('reads one file per input item, and files given inline as well', async () => {
		const id = await target.newAudience();
		const inline: IBinaryData = { data: Buffer.from(toCsv(people(1_000, 500))).toString('base64'), mimeType: 'text/csv', fileName: 'b.csv' };
		const summary = summaryOf(await fromCsv(target, id, 'add', [await csvFile(toCsv(people(0, 1_000), { lineEnd: '\n' })), inline]));
		expect(summary).toMatchObject({ items: 2, csvRows: 1_500, counts: { added: sendable(0, 1_500).length } });
		expect(target.members(id)).toEqual(sendable(0, 1_500));
	});

	it('Remove and Replace All take their contacts from the file', async () => {
		const id = await target.newAudience();
		summaryOf(await fromCsv(target, id, 'add', [await csvFile(toCsv(people(0, 1_000)))]));
		const removed = summaryOf(await fromCsv(target, id, 'remove', [await csvFile(toCsv(people(0, 300)))]));
		expect(removed.csvRows).toBe(300);
		expect(target.members(id)).toEqual(sendable(300, 700));

		sandbox.clock.advance(60_000);
		await sleep(2_100);
		const replaced = summaryOf(await fromCsv(target, id, 'replace', [await csvFile(toCsv(people(5_000, 800)))]));
		expect(replaced).toMatchObject({ operation: 'replace', csvRows: 800, counts: { added: sendable(5_000, 800).length } });
		expect(target.members(id)).toEqual(sendable(5_000, 800));
	});

	it('Sync mirrors the file: the second run sends nothing, a changed file sends only the change', async () => {
		const id = await target.newAudience();
		const staticData: IDataObject = {};
		const first = summaryOf(await fromCsv(target, id, 'sync', [await csvFile(toCsv(people(0, 1_000)))], {}, staticData));
		expect(first).toMatchObject({ operation: 'sync', csvRows: 1_000, counts: { added: sendable(0, 1_000).length } });
		const before = sandbox.requests.length;
		const second = summaryOf(await fromCsv(target, id, 'sync', [await csvFile(toCsv(people(0, 1_000)))], {}, staticData));
		expect(second.counts).toMatchObject({ unchanged: sendable(0, 1_000).length });
		expect(sandbox.requests.slice(before).filter((r) => r.rows !== null)).toEqual([]);
		const third = summaryOf(await fromCsv(target, id, 'sync', [await csvFile(toCsv(people(100, 1_000)))], {}, staticData));
		expect(third.counts).toMatchObject({ added: sendable(1_000, 100).length, removed: sendable(0, 100).length });
		expect(target.members(id)).toEqual(sendable(100, 1_000));
	});
});

describe('CSV input: what goes wrong', () => {
	const meta = TARGETS[0];

	it('names the missing binary field', async () => {
		const id = await meta.newAudience();
		const result = await runNode({
			type: 'audienceMember',
			typeVersion: 2,
			parameters: { ...meta.parameters(id), operation: 'add', contactSource: 'csv', binaryPropertyName: 'file' },
			credentials: meta.credentials(),
			input: [{ name: 'no file' }],
		});
		expect(result.error?.message).toMatch(/file/);
		expect(sandbox.requests.filter((r) => r.rows !== null)).toEqual([]);
	});

	it('a file with only a header sends nothing', async () => {
		const id = await meta.newAudience();
		const summary = summaryOf(await fromCsv(meta, id, 'add', [await csvFile(`${COLUMNS.join(',')}\n`)]));
		expect(summary).toMatchObject({ csvRows: 0, counts: {} });
	});

	it('100,000 rows are read as a stream and sent in batches of 10,000', async () => {
		const id = await meta.newAudience();
		const rows = sandbox.population.rawContacts(25_000, { messy: true }).map((contact, i) => ({ ...contact, crm_id: `crm-${i}`, consent: 'yes' }));
		const text = toCsv([...rows, ...rows, ...rows, ...rows]);
		const summary = summaryOf(await fromCsv(meta, id, 'add', [await csvFile(text)], { options: { summaryOnly: true } }));
		// A row with the identifiers of an earlier one is not sent again.
		expect(summary).toMatchObject({ csvRows: 100_000, distinctContacts: 25_000, duplicates: 75_000, counts: { added: 25_000, skipped: 75_000 } });
		expect(summary.skippedByReason).toEqual({ duplicate: 75_000 });
		expect(sandbox.requests.filter((r) => r.rows !== null).map((r) => r.rows)).toEqual([10_000, 10_000, 5_000]);
	});
});
