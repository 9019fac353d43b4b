import type { IDataObject, INode, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AdAudience } from '../../nodes/AdAudience/AdAudience.node';
import { AudienceMember } from '../../nodes/AudienceMember/AudienceMember.node';
import { AudienceSyncTrigger } from '../../nodes/AudienceSyncTrigger/AudienceSyncTrigger.node';
import { startSandbox } from '../../sandbox';
import { runNode } from '../helpers/engine';
import { metaCredentials } from '../helpers/meta';
import { committedContactsCsv, exampleFiles, readExample } from '../../scripts/e2e/examples';
import { COLUMNS, contactsCsv } from '../../scripts/make-contacts-csv';

const ours: Record<string, INodeType> = {
	'n8n-nodes-audience-sync.adAudience': new AdAudience(),
	'n8n-nodes-audience-sync.audienceMember': new AudienceMember(),
	'n8n-nodes-audience-sync.audienceSyncTrigger': new AudienceSyncTrigger(),
};

type ExampleWorkflow = { nodes: INode[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
const examples = Object.fromEntries(exampleFiles().map((file) => [file, readExample(file) as ExampleWorkflow]));
describe('the examples folder', () => {
	it('holds the workflows the README lists, the main one among them', () => {
		expect(Object.keys(examples)).toEqual(expect.arrayContaining(['csv-contacts-to-meta-and-google.json', 'hourly-mirror-sync.json', 'audience-alerts.json', 'campaign-push-reuse-audience.json']));
	});

	it("holds the main example's CSV exactly as scripts/make-contacts-csv.js writes it", () => {
		const text = committedContactsCsv();
		expect(text.split('\r\n')[0]).toBe(COLUMNS.join(','));
		expect(text).toBe(contactsCsv(3000));
	});

	it('runs a Find or Create once per execution, not once per contact', () => {
		for (const workflow of Object.values(examples)) {
			for (const node of workflow.nodes) {
				const creates = node.type === 'n8n-nodes-audience-sync.adAudience' && (node.parameters as IDataObject).operation === 'create';
				if (creates) expect({ node: node.name, executeOnce: node.executeOnce }).toEqual({ node: node.name, executeOnce: true });
			}
		}
	});
});

describe.each(Object.entries(examples))('example workflow %s', (_name, workflow) => {
	it('connects only nodes it defines', () => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of outputs.main.flat()) expect(names.has(target.node)).toBe(true);
		}
	});

	it('gives every node of this package valid parameters (n8n reports no issue)', () => {
		const packageNodes = workflow.nodes.filter((node) => node.type in ours);
		expect(packageNodes.length).toBeGreaterThan(0);
		for (const node of packageNodes) {
			const description = ours[node.type].description;
			const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description);
			expect(parameters).not.toBeNull();
			const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: parameters! }, description);
			expect({ node: node.name, issues }).toEqual({ node: node.name, issues: null });
		}
	});
});

describe('the form sign-up example, run against the sandbox', () => {
	it('adds a sign-up posted to the webhook, mapped from the request body', async () => {
		const sandbox = await startSandbox({ populationSize: 50 });
		try {
			const create = await runNode({
				type: 'adAudience',
				parameters: { platform: 'meta', operation: 'create', adAccount: { __rl: true, mode: 'id', value: 'act_1234567890' }, name: 'Sign-ups', customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'useExisting' },
				credentials: metaCredentials(sandbox.url),
			});
			const metaNode = examples['form-signup-to-audiences.json'].nodes.find((node) => node.name === 'Add to Meta Audience')!;
			const [person] = sandbox.population.rawContacts(1, { messy: true });
			const webhookItem = { body: { ...person, marketing_consent: 'yes', do_not_contact: false } } as IDataObject;
			const { items, error } = await runNode({
				type: 'audienceMember',
				parameters: { ...(metaNode.parameters as IDataObject), audience: { __rl: true, mode: 'id', value: String(create.items[0].json.id) } },
				credentials: metaCredentials(sandbox.url),
				input: [webhookItem],
				typeVersion: metaNode.typeVersion,
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ status: 'added' });
			expect(items[0].json.identifiersSent).toEqual(expect.arrayContaining(['EMAIL', 'PHONE', 'FN', 'LN', 'COUNTRY']));
		} finally {
			await sandbox.close();
		}
	});
});
