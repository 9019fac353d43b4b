import type {
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	collectionOptions,
	connectionProperties,
	platformCredentials,
	platformListSearch,
	platformParameters,
	platformProperty,
} from '../shared/platforms';
import * as add from './actions/add.operation';
import {
	consentProperties,
	contactSourceProperties,
	identifierFieldsProperty,
	identifierMappingProperties,
} from './actions/fields.description';
import * as remove from './actions/remove.operation';
import * as replace from './actions/replace.operation';
import { route } from './actions/router';
import * as getSyncState from './actions/getSyncState.operation';
import * as resetSyncState from './actions/resetSyncState.operation';
import * as sync from './actions/sync.operation';

/** The platforms' credentials, and the n8n API key of the data-table state store. */
const MEMBER_CREDENTIALS: INodeCredentialDescription[] = [...platformCredentials, sync.stateStoreCredential];

const MEMBER_OPERATIONS: INodePropertyOptions[] = [
	{
		name: 'Add',
		value: 'add',
		description: 'Add the input contacts to the audience',
		action: 'Add contacts to an audience',
	},
	{
		name: 'Remove',
		value: 'remove',
		description: 'Remove the input contacts from the audience',
		action: 'Remove contacts from an audience',
	},
	{
		name: 'Replace All',
		value: 'replace',
		description: 'Make the input contacts the whole audience',
		action: 'Replace all contacts of an audience',
	},
	{
		name: 'Sync',
		value: 'sync',
		description: 'Make the audience mirror the input segment, sending only what changed since the last run',
		action: 'Sync an audience with a segment',
	},
	{
		name: 'Get Sync State',
		value: 'getSyncState',
		description: 'Whether Sync has each input contact in the audience, and when it was sent',
		action: 'Get the sync state of contacts',
	},
	{
		name: 'Reset Sync State',
		value: 'resetSyncState',
		description: 'Forget what Sync sent to the audience; the next Sync sends the whole segment',
		action: 'Reset the sync state of an audience',
	},
];

export class AudienceMember implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Audience Member',
		name: 'audienceMember',
		icon: { light: 'file:../../icons/member.svg', dark: 'file:../../icons/member.dark.svg' },
		group: ['transform'],
		// Version 2 maps e-mail and phone up front and other identifiers on demand (see fields.description).
		version: [1, 2],
		defaultVersion: 2,
		// Reads "Add · Meta". n8n's lint wants a literal: a test checks that it names every operation
		// and every registered platform.
		subtitle:
			'={{ ($parameter.operation === "add" ? "Add" : $parameter.operation === "remove" ? "Remove" : $parameter.operation === "replace" ? "Replace All" : $parameter.operation === "sync" ? "Sync" : $parameter.operation === "getSyncState" ? "Get Sync State" : $parameter.operation === "resetSyncState" ? "Reset Sync State" : $parameter.operation) + " · " + ($parameter.platform === "google" ? "Google" : "Meta") }}',
		description:
			'Add, remove or replace the contacts of a Meta Custom Audience or a Google Customer Match list, normalized and hashed per platform rules, with consent and exclusion checks',
		defaults: { name: 'Audience Member' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: MEMBER_CREDENTIALS,
		properties: [
			platformProperty,
			...connectionProperties(),
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: MEMBER_OPERATIONS,
				default: 'add',
			},
			...add.description,
			...remove.description,
			...replace.description,
			...sync.description,
			...getSyncState.description,
			...resetSyncState.description,
			// n8n puts the credential section right above State Store (a parameter a credential
			// depends on): it has to come before the audience lists, which need the credential.
			...sync.stateStoreProperties,
			...platformParameters((platform) => platform.properties.memberTarget),
			...contactSourceProperties,
			identifierFieldsProperty,
			...identifierMappingProperties,
			...consentProperties,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { hide: { operation: ['resetSyncState'] } },
				options: collectionOptions('memberOptions', [
					...sync.syncOptions,
					{
						displayName: 'Batch Size',
						name: 'batchSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 10000 },
						default: 10000,
						description: 'Contacts per request, at most 10,000 (the platform limit)',
					},
					{
						displayName: 'Default Country',
						name: 'defaultCountry',
						type: 'string',
						default: '',
						placeholder: 'US',
						description:
							'ISO country code used for contacts without a country: national phone numbers get its calling code, and US states and ZIP codes follow US rules',
					},
					{
						displayName: 'Dry Run',
						name: 'dryRun',
						type: 'boolean',
						default: false,
						description:
							'Whether to do everything up to the request (normalize, hash, check consent, batch) and send nothing. Each item shows the hashed values that would be sent.',
					},
					{
						displayName: 'Include Input Data',
						name: 'includeInputData',
						type: 'boolean',
						default: false,
						description: 'Whether to copy each input item into its result under "input"',
					},
					{
						displayName: 'Max Retries',
						name: 'maxRetries',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 10 },
						default: 4,
						description: 'Retries of a request after a rate limit or a temporary platform error, with exponential backoff',
					},
					{
						displayName: 'Max Wait (Seconds)',
						name: 'maxWaitSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 300,
						description:
							'Longest wait the node accepts when the platform rate-limits it (asks it to slow down); beyond it the batch fails with the platform’s estimate',
					},
					{
						displayName: 'Parallel Requests',
						name: 'parallelRequests',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 5 },
						default: 2,
						description: 'Batches sent at the same time (Replace All always sends one at a time)',
					},
					{
						displayName: 'Summary Only',
						name: 'summaryOnly',
						type: 'boolean',
						default: false,
						description:
							'Whether to return one item with counts, the platform’s figures, batches and duration instead of one item per contact',
					},
				]),
			},
		],
	};

	methods = { listSearch: platformListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
