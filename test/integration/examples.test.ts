import type { IDataObject, INode, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AdAudience } from '../../nodes/AdAudience/AdAudience.node';
import { AudienceMember } from '../../nodes/AudienceMember/AudienceMember.node';
import { AudienceSyncTrigger } from '../../nodes/AudienceSyncTrigger/AudienceSyncTrigger.node';
import { startSandbox } from '../../sandbox';
import { runNode } from '../helpers/engine';
import { metaCredentials } from '../helpers/meta';
import audienceAlerts from '../../examples/audience-alerts.json';
import campaignPush from '../../examples/campaign-push-reuse-audience.json';
import formSignup from '../../examples/form-signup-to-audiences.json';
import googleDiagnostics from '../../examples/google-upload-diagnostics.json';
import hourlyMirror from '../../examples/hourly-mirror-sync.json';
import nightlyReplace from '../../examples/nightly-segment-replace.json';

const ours: Record<string, INodeType> = {
	'n8n-nodes-audience-sync.adAudience': new AdAudience(),
	'n8n-nodes-audience-sync.audienceMember': new AudienceMember(),
	'n8n-nodes-audience-sync.audienceSyncTrigger': new AudienceSyncTrigger(),
};

const examples = { audienceAlerts, campaignPush, formSignup, googleDiagnostics, hourlyMirror, nightlyReplace } as unknown as Record<
	string,
	{ nodes: INode[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> }
>;

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
			const metaNode = examples.formSignup.nodes.find((node) => node.name === 'Add to Meta Audience')!;
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
