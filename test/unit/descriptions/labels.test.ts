import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

import { AdAudience } from '../../../nodes/AdAudience/AdAudience.node';
import { AudienceMember } from '../../../nodes/AudienceMember/AudienceMember.node';
import { AudienceSyncTrigger } from '../../../nodes/AudienceSyncTrigger/AudienceSyncTrigger.node';
import { sendWithRetries } from '../../../nodes/shared/transport/failures';
import { describeMetaError } from '../../../nodes/shared/platforms/meta/errors';
import type { PlatformFailure } from '../../../nodes/shared/platforms/types';

/** Labels of parameters and of the options inside collections (notices are prose, not labels). */
function labels(properties: Array<INodeProperties | INodePropertyCollection>): string[] {
	const out: string[] = [];
	for (const property of properties) {
		if ('type' in property && property.type === 'notice') continue;
		out.push(property.displayName);
		if ('values' in property) out.push(...labels(property.values));
		if ('type' in property && ['collection', 'fixedCollection'].includes(property.type)) {
			out.push(...labels((property.options ?? []) as Array<INodeProperties | INodePropertyCollection>));
		}
	}
	return out;
}

const nodes: Array<[string, INodeTypeDescription]> = [
	['Ad Audience', new AdAudience().description],
	['Audience Member', new AudienceMember().description],
	['Audience Sync Trigger', new AudienceSyncTrigger().description],
];
const allLabels = new Set(nodes.flatMap(([, description]) => labels(description.properties)));

/** Words in double quotes that look like a label ("Max Wait (Seconds)"). */
function quotedLabels(text: string): string[] {
	return [...text.matchAll(/"([A-Z][A-Za-z]*(?: [A-Za-z()]+)*)"/g)].map((match) => match[1]);
}

describe.each(nodes)('%s labels', (_name, description) => {
	// The editor cut "Max Wait for Rate Limit (Seconds)" (33 characters) in the options list.
	it.each(labels(description.properties))('"%s" fits the parameter panel', (label) => {
		expect(label.length).toBeLessThanOrEqual(32);
	});
});

describe('messages that send the user to an option', () => {
	const meta = describeMetaError({ code: 17, message: 'User request limit reached' });
	const failure: PlatformFailure = { described: { ...meta, description: 'Too many calls.' }, details: {}, attempts: 1 };

	it('name the option by the label the editor shows', async () => {
		const waited = await sendWithRetries(
			async () => ({ ok: false as const, failure, retryable: true, retryAfterMs: 3_600_000 }),
			{ maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1, maxWaitMs: 1000 },
			'Meta',
		);
		const texts = [waited.ok ? '' : waited.failure.described.description, meta.description];
		for (const text of texts) {
			const quoted = quotedLabels(text);
			expect(quoted).toContain('Max Wait (Seconds)');
			for (const label of quoted) expect(allLabels).toContain(label);
		}
	});
});
