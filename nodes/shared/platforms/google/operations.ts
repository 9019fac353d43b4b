import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { minimumSizeSetting } from '../limits';
import type { AudienceOperations, NodeContext, UploadOutcome } from '../types';
import { googleAccountParameter, googleCredentialName, googleUserListParameter } from './parameters';
import { retrieveRequestStatus } from './requestStatus';
import { GOOGLE_MIN_AUDIENCE_SIZE, googleAudienceStatus } from './status';
import { GoogleClient } from './transport';
import {
	createGoogleUserList,
	deleteGoogleUserList,
	findGoogleUserListsByName,
	getGoogleUserList,
	GOOGLE_MAX_MEMBERSHIP_DAYS,
	listGoogleUserLists,
	updateGoogleUserList,
} from './userLists';
import type { GoogleUserListUpdate } from './userLists';

const client = async (ctx: NodeContext, i?: number) =>
	await GoogleClient.create(ctx, googleCredentialName(ctx, i ?? 0), undefined, i);

/** The Minimum Audience Size of item `i` (a trigger: its own), else Google's default. */
const minimumSize = (ctx: NodeContext, i = 0) => minimumSizeSetting(ctx, i, GOOGLE_MIN_AUDIENCE_SIZE);

/** The account and list of item `i`. */
const listOf = (ctx: NodeContext, i: number) =>
	[googleAccountParameter(ctx, i), googleUserListParameter(ctx, i)] as const;

/** Google Customer Match user lists through the Data Manager API, for the Ad Audience node. */
export const googleAudiences: AudienceOperations = {
	audienceNoun: 'A user list',

	accountLabel: (ctx, i) => `Google Ads account ${googleAccountParameter(ctx, i)}`,

	async findByName(ctx, i, name) {
		return await findGoogleUserListsByName(await client(ctx, i), googleAccountParameter(ctx, i), name);
	},

	async create(ctx, i, { name, options }) {
		return await createGoogleUserList(await client(ctx, i), googleAccountParameter(ctx, i), {
			displayName: name,
			description: (options.description as string) || undefined,
			membershipDays: (options.membershipDays as number) || GOOGLE_MAX_MEMBERSHIP_DAYS,
		});
	},

	async get(ctx, i) {
		return await getGoogleUserList(await client(ctx, i), ...listOf(ctx, i));
	},

	async getMany(ctx, i, { limit, filters }) {
		return await listGoogleUserLists(await client(ctx, i), googleAccountParameter(ctx, i), {
			nameContains: (filters.nameContains as string) || undefined,
			limit,
		});
	},

	updateBody(fields) {
		const body: IDataObject = {};
		if (typeof fields.name === 'string' && fields.name.trim()) body.displayName = fields.name.trim();
		if (typeof fields.description === 'string') body.description = fields.description;
		if (fields.membershipDays) body.membershipDays = fields.membershipDays;
		return body;
	},

	async update(ctx, i, body) {
		return await updateGoogleUserList(await client(ctx, i), ...listOf(ctx, i), body as GoogleUserListUpdate);
	},

	async delete(ctx, i) {
		const [accountId, listId] = listOf(ctx, i);
		await deleteGoogleUserList(await client(ctx, i), accountId, listId);
		return listId;
	},

	async getStatus(ctx, i) {
		return googleAudienceStatus(await getGoogleUserList(await client(ctx, i), ...listOf(ctx, i)), minimumSize(ctx, i));
	},

	/** Google documents no limit on Customer Match lists per account: nothing to count against. */
	async accountLimit() {
		return null;
	},

	accountOf: (ctx, i) => googleAccountParameter(ctx, i),

	audienceOf: (ctx, i) => googleUserListParameter(ctx, i),

	async statusOf(ctx, { accountId, audienceId }) {
		if (!accountId) {
			throw new NodeOperationError(ctx.getNode(), 'Give the Google Ads account ID', {
				description: 'The customer ID of the account that owns the user lists, e.g. 123-456-7890.',
			});
		}
		return googleAudienceStatus(await getGoogleUserList(await client(ctx), accountId, audienceId), minimumSize(ctx));
	},

	/** Customer Match lists only: the ones with ingested user list info. */
	async accountStatuses(ctx, accountId) {
		const lists = await listGoogleUserLists(await client(ctx), accountId, {});
		const minimum = minimumSize(ctx);
		return lists.filter((list) => list.ingestedUserListInfo).map((list) => googleAudienceStatus(list, minimum));
	},

	async uploadOutcome(ctx, _accountId, requestId) {
		return (await retrieveRequestStatus(await client(ctx), requestId)) as unknown as UploadOutcome;
	},

	/** One output item per distinct request ID, paired with every input item that named it. */
	async getUploadStatus(ctx) {
		const items = ctx.getInputData();
		const itemsById = new Map<string, number[]>();
		for (let i = 0; i < items.length; i++) {
			const raw = ctx.getNodeParameter('requestIds', i, '') as string | string[];
			const ids = (Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,]+/))
				.map((id) => String(id).trim())
				.filter(Boolean);
			for (const id of ids) itemsById.set(id, [...(itemsById.get(id) ?? []), i]);
		}
		if (itemsById.size === 0) {
			throw new NodeOperationError(ctx.getNode(), 'No request ID to look up', {
				description: 'Map the requestId field of Audience Member results, or type one.',
			});
		}
		const output: INodeExecutionData[] = [];
		for (const [requestId, itemIndexes] of itemsById) {
			const first = itemIndexes[0];
			const status = await retrieveRequestStatus(await client(ctx, first), requestId, first);
			output.push({ json: status, pairedItem: itemIndexes.map((item) => ({ item })) });
		}
		return output;
	},
};
