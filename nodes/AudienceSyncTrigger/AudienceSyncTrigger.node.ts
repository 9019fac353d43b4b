import type {
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	connectionProperties,
	platformCredentials,
	platformListSearch,
	platformOf,
	platformParameters,
	platformProperty,
	PLATFORMS,
} from '../shared/platforms';
import type { TriggerEvent } from './events';
import type { TriggerBaseline, TriggerItem, Watch } from './watch';
import { eventItems, idList, keyOf, nextBaseline, uploadOutcomes, watchedStatuses } from './watch';

/** Platforms whose uploads are processed after they are accepted, and can be followed. */
const UPLOAD_PLATFORMS = PLATFORMS.filter((p) => p.audiences.uploadOutcome);
const uploadPlatformNames = UPLOAD_PLATFORMS.map((p) => p.displayName).join(', ');

const EVENTS: Array<INodePropertyOptions & { value: TriggerEvent }> = [
	{
		name: 'About to Expire',
		value: 'aboutToExpire',
		description: 'Meta: unused for two years (Expiring, deleted 90 days later). Google: closed as unused.',
	},
	{
		name: 'Became Ready',
		value: 'becameReady',
		description: 'The minimum size is reached and the platform says the audience can serve',
	},
	{
		name: 'Became Too Small or Not Deliverable',
		value: 'becameUndeliverable',
		description: 'Under the minimum size, or the platform stopped delivering to it',
	},
	{ name: 'Flagged or Restricted', value: 'flagged', description: 'Restricted by the platform’s policies' },
	{
		name: 'Replace Failed or Did Not Finish',
		value: 'replaceFailed',
		description: 'Meta: a Replace All failed, or got no last batch within 90 minutes',
	},
	{
		name: 'Size or Match Rate Moved',
		value: 'sizeOrMatchRateMoved',
		description:
			'The size moved by more than the threshold (relative), or the match rate by more than that many points, since the last such move: small moves add up',
	},
	{
		name: 'Status Changed',
		value: 'statusChanged',
		description: 'The lifecycle status or the platform’s own status changed',
	},
	{
		name: 'Upload Processed',
		value: 'uploadProcessed',
		description: `${uploadPlatformNames}: a followed upload request reached its final status, with match-rate range and error counts`,
	},
];

export class AudienceSyncTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Audience Sync Trigger',
		name: 'audienceSyncTrigger',
		icon: { light: 'file:../../icons/audience.svg', dark: 'file:../../icons/audience.dark.svg' },
		group: ['trigger'],
		version: 1,
		// n8n's lint wants a literal: a test checks that it names every registered platform.
		subtitle: '={{ "Watch · " + ($parameter.platform === "google" ? "Google" : "Meta") }}',
		description:
			'Starts a workflow when an ad audience changes: ready, too small, flagged, expiring, size or match rate moved, a replace failed, an upload processed',
		defaults: { name: 'Audience Sync Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: platformCredentials,
		properties: [
			platformProperty,
			...connectionProperties(),
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'One Audience', value: 'one' },
					{ name: 'Several Audiences', value: 'several', description: 'A list of audience IDs, or an expression' },
					{
						name: 'All Customer-List Audiences of the Account',
						value: 'account',
						description: 'Audiences created later are watched from the poll that first sees them',
					},
				],
				default: 'one',
			},
			...platformParameters((platform) => platform.properties.triggerTarget),
			{
				displayName: 'Audience IDs',
				name: 'audienceIds',
				type: 'string',
				required: true,
				default: '',
				placeholder: '23850000000000001, 23850000000000002',
				description: 'IDs separated by commas, or an expression that returns a list of them',
				displayOptions: { show: { watch: ['several'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				// All of them (n8n lint wants a literal; a test checks it names every event).
				default: [
					'aboutToExpire',
					'becameReady',
					'becameUndeliverable',
					'flagged',
					'replaceFailed',
					'sizeOrMatchRateMoved',
					'statusChanged',
					'uploadProcessed',
				],
				description: 'What starts the workflow; one item per event and audience',
			},
			{
				displayName: 'Threshold (%)',
				name: 'thresholdPercent',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description:
					'Size: change relative to the size at the last move past the threshold (or when first seen). Match rate: change in percentage points.',
				displayOptions: { show: { events: ['sizeOrMatchRateMoved'] } },
			},
			{
				displayName: 'Upload Request IDs',
				name: 'requestIds',
				type: 'string',
				default: '',
				placeholder: 'requestId of Audience Member results, separated by commas',
				description:
					'Upload requests to follow until they are processed. The platform lists no requests of an audience: only the IDs given here are followed.',
				displayOptions: {
					show: { platform: UPLOAD_PLATFORMS.map((p) => p.name), events: ['uploadProcessed'] },
				},
			},
			...platformParameters((platform) => platform.properties.triggerOptions),
		],
	};

	methods = { listSearch: platformListSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const platform = platformOf(this, 0);
		const watch = this.getNodeParameter('watch', 'one') as Watch;
		const state = this.getWorkflowStaticData('node') as { baseline?: TriggerBaseline };
		const now = new Date().toISOString();

		// Fetch Test Event: a real sample, the baseline left as it is.
		if (this.getMode() === 'manual') {
			const [current] = await watchedStatuses(this, platform, watch, true);
			if (!current) return null;
			const item: TriggerItem = {
				event: 'test',
				platform: current.platform,
				audienceId: current.audienceId,
				name: current.name,
				previous: state.baseline?.statuses[keyOf(current)] ?? null,
				current,
				detectedAt: now,
			};
			return [this.helpers.returnJsonArray([item])];
		}

		const events = this.getNodeParameter('events', []) as TriggerEvent[];
		const settings = { events, thresholdPercent: this.getNodeParameter('thresholdPercent', 10) as number };
		const requestIds =
			events.includes('uploadProcessed') && platform.audiences.uploadOutcome
				? idList(this.getNodeParameter('requestIds', ''))
				: [];
		const statuses = await watchedStatuses(this, platform, watch);
		const previous = state.baseline;
		const outcomes = await uploadOutcomes(this, platform, requestIds, previous?.requests ?? {});
		state.baseline = nextBaseline(statuses, requestIds, previous, outcomes, now, settings.thresholdPercent);
		if (!previous) return null;
		const items = eventItems(previous, statuses, outcomes, settings, platform.name, now);
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
