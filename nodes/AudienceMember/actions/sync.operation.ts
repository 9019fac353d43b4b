import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { contactSourceOf } from '../../shared/members/csvInput';
import { platformOf } from '../../shared/platforms';
import type { SyncOptions } from '../../shared/sync/run';
import { runSync } from '../../shared/sync/run';
import { DataTableStore, DEFAULT_STATE_TABLE } from '../../shared/sync/dataTableStore';
import type { SyncStateStore } from '../../shared/sync/store';
import { WorkflowStaticDataStore } from '../../shared/sync/workflowStore';
import { identifierMapping } from './fields.description';

const show = { show: { operation: ['sync'] } };
/** Inside the Options collection, display options name the node's own parameters with a slash. */
const showInOptions = { show: { '/operation': ['sync'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			'Makes the audience an exact mirror of the input: the input is the whole segment. Who joined is added, who left or withdrew consent is removed, unchanged contacts are not sent. Only contacts this node added are ever removed. See State Store for where the node remembers what it sent.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Contact Key Field',
		name: 'contactKeyField',
		type: 'string',
		default: '',
		placeholder: 'crm_id',
		description:
			'Input field that identifies a contact for good, such as the CRM ID. Empty: the normalized e-mail. Kept only as a keyed hash.',
		displayOptions: { show: { operation: ['sync', 'getSyncState'] } },
	},
];

/**
 * The State Store is shown by `hide` rather than `show`: n8n's editor hides from the panel the
 * parameters that a credential-related parameter shows on, and Operation must stay in the panel.
 */
const showState = { hide: { operation: ['add', 'remove', 'replace'] } };

/** Where the state lives: shown for Sync, Get Sync State and Reset Sync State. */
export const stateStoreProperties: INodeProperties[] = [
	{
		displayName: 'State Store',
		name: 'stateStore',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Workflow Static Data',
				value: 'workflowStaticData',
				description:
					'No setup. Saved by production runs only (not by manual ones); one workflow per audience. Not for queue mode.',
			},
			{
				name: 'Data Table',
				value: 'dataTable',
				description:
					'Kept by manual runs too, shared by every workflow and queue-mode worker, visible in Data tables. Needs an n8n API key.',
			},
		],
		default: 'workflowStaticData',
		description: 'Where Sync remembers what it sent to the audience',
		displayOptions: showState,
	},
	{
		displayName: 'Data Table Name',
		name: 'stateTable',
		type: 'string',
		default: DEFAULT_STATE_TABLE,
		description: 'Data table that holds the sync states; created when missing. One table serves many audiences.',
		displayOptions: { ...showState, show: { stateStore: ['dataTable'] } },
	},
];

/** The credential the data-table store reaches n8n's API with. */
export const stateStoreCredential = {
	name: 'audienceSyncN8nApi',
	required: true,
	displayOptions: { show: { stateStore: ['dataTable'] } },
};

/** Where Sync, Get Sync State and Reset Sync State keep the audiences' state. */
export function syncStore(ctx: IExecuteFunctions): SyncStateStore {
	if (ctx.getNodeParameter('stateStore', 0, 'workflowStaticData') === 'dataTable') {
		const table = String(ctx.getNodeParameter('stateTable', 0, DEFAULT_STATE_TABLE)).trim();
		return new DataTableStore(ctx, table || DEFAULT_STATE_TABLE);
	}
	return new WorkflowStaticDataStore(ctx);
}

/** Sync options, inside the node's Options collection. */
export const syncOptions: INodeProperties[] = [
	{
		displayName: 'Allow Empty Segment',
		name: 'allowEmptySegment',
		type: 'boolean',
		default: false,
		description:
			'Whether a segment with nobody to target may empty the audience. Off: such a run fails, since it usually means that an upstream step failed.',
		displayOptions: showInOptions,
	},
	{
		displayName: 'Max Removal (%)',
		name: 'maxRemovalPercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 50,
		description: 'A run that would remove more than this share of the audience’s members fails and sends nothing',
		displayOptions: showInOptions,
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const platform = platformOf(this, 0);
	const options = this.getNodeParameter('options', 0, {}) as SyncOptions;
	return await runSync(this, platform.members(this, options), {
		options,
		mappedFields: identifierMapping(this, platform),
		exclusionField: (this.getNodeParameter('exclusionField', 0, '') as string).trim(),
		keyField: (this.getNodeParameter('contactKeyField', 0, '') as string).trim(),
		store: syncStore(this),
		source: contactSourceOf(this),
	});
}
