import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	connectionProperties,
	platformCredentials,
	platformListSearch,
	platformParameters,
	platformProperty,
} from '../shared/platforms';
import { descriptions, route } from './actions/router';

const AUDIENCE_OPERATIONS: INodePropertyOptions[] = [
	{
		name: 'Create',
		value: 'create',
		description: 'Create an audience, or reuse the one with the same name',
		action: 'Create an audience',
	},
	{ name: 'Delete', value: 'delete', description: 'Delete an audience', action: 'Delete an audience' },
	{ name: 'Get', value: 'get', description: 'Get an audience', action: 'Get an audience' },
	{
		name: 'Get Many',
		value: 'getMany',
		description: 'List the audiences of an ad account',
		action: 'Get many audiences',
	},
	{
		name: 'Get Status',
		value: 'getStatus',
		description: 'Get the platform status, size, match rate and whether the audience can serve ads',
		action: 'Get the status of an audience',
	},
	{
		name: 'Update',
		value: 'update',
		description: 'Rename an audience or change its settings',
		action: 'Update an audience',
	},
];

const UPLOAD_OPERATIONS: INodePropertyOptions[] = [
	{
		name: 'Get Upload Status',
		value: 'getUploadStatus',
		description:
			'Meta: received, matched and invalid counts per upload session. Google: processing status, errors by reason and match-rate range per request.',
		action: 'Get the status of an upload',
	},
];

export class AdAudience implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ad Audience',
		name: 'adAudience',
		icon: { light: 'file:../../icons/audience.svg', dark: 'file:../../icons/audience.dark.svg' },
		group: ['transform'],
		version: 1,
		// Reads "Get Status · Google". n8n's lint wants a literal: a test checks that it names every
		// operation and every registered platform.
		subtitle:
			'={{ ($parameter.operation === "create" ? "Create" : $parameter.operation === "delete" ? "Delete" : $parameter.operation === "get" ? "Get" : $parameter.operation === "getMany" ? "Get Many" : $parameter.operation === "getStatus" ? "Get Status" : $parameter.operation === "update" ? "Update" : $parameter.operation === "getUploadStatus" ? "Get Upload Status" : $parameter.operation) + " · " + ($parameter.platform === "google" ? "Google" : "Meta") }}',
		description:
			'Create, find and check ad audiences (Meta Custom Audiences, Google Customer Match lists): status, size, match rate, deliverability',
		defaults: { name: 'Ad Audience' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: platformCredentials,
		properties: [
			platformProperty,
			...connectionProperties(),
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Audience', value: 'audience' },
					{
						name: 'Upload',
						value: 'upload',
						description: 'What the platform made of an upload (Meta upload sessions, Google request status)',
					},
				],
				default: 'audience',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['upload'] } },
				options: UPLOAD_OPERATIONS,
				default: 'getUploadStatus',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['audience'] } },
				options: AUDIENCE_OPERATIONS,
				default: 'getStatus',
			},
			...platformParameters((platform) => platform.properties.audienceTarget),
			...descriptions,
		],
	};

	methods = { listSearch: platformListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
