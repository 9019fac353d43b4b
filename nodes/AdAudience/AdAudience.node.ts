import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	googleAccountProperty,
	googleAuthenticationProperty,
	googleUserListLocator,
	metaAdAccountLocator,
	metaAudienceLocator,
	platformCredentials,
	platformProperty,
} from '../shared/descriptions';
import {
	searchGoogleUserLists,
	searchMetaAdAccounts,
	searchMetaAudiences,
} from '../shared/methods/listSearch';
import * as create from './actions/create.operation';
import * as del from './actions/delete.operation';
import * as get from './actions/get.operation';
import * as getMany from './actions/getMany.operation';
import * as getStatus from './actions/getStatus.operation';
import * as getUploadStatus from './actions/getUploadStatus.operation';
import * as update from './actions/update.operation';

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

type Operation = 'create' | 'get' | 'getMany' | 'update' | 'delete' | 'getStatus';

const operations: Record<
	Operation,
	(this: IExecuteFunctions, i: number) => Promise<IDataObject | IDataObject[]>
> = {
	create: create.execute,
	get: get.execute,
	getMany: getMany.execute,
	update: update.execute,
	delete: del.execute,
	getStatus: getStatus.execute,
};

export class AdAudience implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ad Audience',
		name: 'adAudience',
		icon: { light: 'file:../../icons/audience.svg', dark: 'file:../../icons/audience.dark.svg' },
		group: ['transform'],
		version: 1,
		// Reads "Get Status · Google"; a test checks that it names every operation.
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
			googleAuthenticationProperty,
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
			{
				...googleAccountProperty,
				displayOptions: { show: { platform: ['google'], resource: ['audience'] } },
			},
			{
				...googleUserListLocator,
				displayOptions: {
					show: { platform: ['google'], resource: ['audience'], operation: ['get', 'update', 'delete', 'getStatus'] },
				},
			},
			{
				...metaAdAccountLocator,
				displayOptions: { show: { platform: ['meta'], operation: ['create', 'getMany'] } },
			},
			{
				...metaAdAccountLocator,
				required: false,
				description: 'Only needed to pick the audience from a list',
				displayOptions: {
					show: { platform: ['meta'], operation: ['get', 'update', 'delete', 'getStatus', 'getUploadStatus'] },
				},
			},
			{
				...metaAudienceLocator,
				displayOptions: {
					show: { platform: ['meta'], operation: ['get', 'update', 'delete', 'getStatus', 'getUploadStatus'] },
				},
			},
			...create.description,
			...getMany.description,
			...update.description,
			...getUploadStatus.description,
		],
	};

	methods = {
		listSearch: { searchGoogleUserLists, searchMetaAdAccounts, searchMetaAudiences },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0) === 'getUploadStatus') {
			return [await getUploadStatus.executeAll.call(this)];
		}
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const operation = this.getNodeParameter('operation', i) as Operation;
			try {
				const run = operations[operation];
				if (!run) {
					throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, {
						itemIndex: i,
					});
				}
				const result = await run.call(this, i);
				returnData.push(
					...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
						itemData: { item: i },
					}),
				);
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({
						json: { error: (error as Error).message, description: (error as { description?: string }).description },
						pairedItem: { item: i },
					});
					continue;
				}
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			}
		}
		return [returnData];
	}
}
