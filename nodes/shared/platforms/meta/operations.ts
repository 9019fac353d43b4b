import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	accountAudienceLimit,
	audienceLimitSetting,
	hintNearLimit,
	minimumSizeSetting,
	statusOptionsOf,
} from '../limits';
import type { AccountAudienceLimit, AudienceOperations, NodeContext } from '../types';
import type { CustomerFileSource } from './audiences';
import {
	countMetaCustomerLists,
	createMetaAudience,
	deleteMetaAudience,
	findMetaAudiencesByName,
	getMetaAudience,
	getMetaAudienceForStatus,
	listMetaAudiences,
	listMetaAudiencesForStatus,
	listMetaUploadSessions,
	META_MAX_CUSTOMER_LISTS,
	metaTermsAccepted,
	updateMetaAudience,
} from './audiences';
import { termsAcceptUrl } from './errors';
import { metaAdAccountParameter, metaAudienceParameter, optionalMetaAdAccountParameter } from './parameters';
import { META_MIN_AUDIENCE_SIZE, metaAudienceStatus, metaUploadSessionReport } from './status';
import { MetaClient } from './transport';

const client = async (ctx: NodeContext, i?: number) => await MetaClient.create(ctx, undefined, i);

/** The Minimum Audience Size of item `i` (a trigger: its own), else Meta's default. */
const minimumSize = (ctx: NodeContext, i = 0) => minimumSizeSetting(ctx, i, META_MIN_AUDIENCE_SIZE);

/** The ad account's customer-list audiences against the limit (Audience Limit per Account, else 500). */
async function customerListLimit(graph: MetaClient, adAccount: string, options: IDataObject): Promise<AccountAudienceLimit> {
	return accountAudienceLimit(
		adAccount,
		'customer-list custom audiences',
		await countMetaCustomerLists(graph, adAccount),
		audienceLimitSetting(options, META_MAX_CUSTOMER_LISTS),
	);
}

/**
 * Get Status's count, best effort like the upload session: an audience shared from an ad account
 * the token cannot list still gets its status, without the count.
 */
async function statusAccountLimit(graph: MetaClient, adAccount: string | undefined, options: IDataObject) {
	if (!adAccount) return null;
	try {
		return await customerListLimit(graph, adAccount, options);
	} catch {
		return null;
	}
}

/** Meta customer-list Custom Audiences, for the Ad Audience node. */
export const metaAudiences: AudienceOperations = {
	audienceNoun: 'An audience',

	accountLabel: (ctx, i) => `ad account act_${metaAdAccountParameter(ctx, i)}`,

	async findByName(ctx, i, name) {
		return await findMetaAudiencesByName(await client(ctx, i), metaAdAccountParameter(ctx, i), name);
	},

	async create(ctx, i, { name, options }) {
		const adAccount = metaAdAccountParameter(ctx, i);
		const graph = await client(ctx, i);
		if (!(await metaTermsAccepted(graph, adAccount))) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The Custom Audience terms are not accepted for ad account act_${adAccount}`,
				{
					itemIndex: i,
					description: `Meta refuses to create customer-list audiences until someone with access to the ad account accepts them at ${termsAcceptUrl(adAccount)}. Accept them and run again.`,
				},
			);
		}
		return await createMetaAudience(graph, adAccount, {
			name,
			description: (options.description as string) || undefined,
			customerFileSource: ctx.getNodeParameter('customerFileSource', i) as CustomerFileSource,
			retentionDays: (options.retentionDays as number) || undefined,
		});
	},

	async get(ctx, i) {
		return await getMetaAudience(await client(ctx, i), metaAudienceParameter(ctx, i));
	},

	async getMany(ctx, i, { limit, filters }) {
		return await listMetaAudiences(await client(ctx, i), metaAdAccountParameter(ctx, i), {
			nameContains: (filters.nameContains as string) || undefined,
			customerListsOnly: filters.customerListsOnly !== false,
			limit,
		});
	},

	updateBody(fields) {
		const body: IDataObject = {};
		if (typeof fields.name === 'string' && fields.name.trim()) body.name = fields.name.trim();
		if (typeof fields.description === 'string') body.description = fields.description;
		if (fields.customerFileSource) body.customer_file_source = fields.customerFileSource;
		if (fields.retentionDays) body.retention_days = fields.retentionDays;
		return body;
	},

	async update(ctx, i, body) {
		return await updateMetaAudience(await client(ctx, i), metaAudienceParameter(ctx, i), body);
	},

	async delete(ctx, i) {
		const audienceId = metaAudienceParameter(ctx, i);
		await deleteMetaAudience(await client(ctx, i), audienceId);
		return audienceId;
	},

	async getStatus(ctx, i) {
		const graph = await client(ctx, i);
		const { audience, latestSession } = await getMetaAudienceForStatus(graph, metaAudienceParameter(ctx, i));
		const options = statusOptionsOf(ctx, i);
		const status = metaAudienceStatus(audience, latestSession, minimumSizeSetting(ctx, i, META_MIN_AUDIENCE_SIZE, options));
		const adAccount = audience.account_id ? String(audience.account_id) : optionalMetaAdAccountParameter(ctx, i);
		status.accountLimit = await statusAccountLimit(graph, adAccount, options);
		hintNearLimit(ctx, `ad account act_${adAccount}`, status.accountLimit);
		return status;
	},

	async accountLimit(ctx, i, options) {
		return await customerListLimit(await client(ctx, i), metaAdAccountParameter(ctx, i), options);
	},

	accountOf: (ctx, i, required) =>
		required ? metaAdAccountParameter(ctx, i) : optionalMetaAdAccountParameter(ctx, i),

	audienceOf: (ctx, i) => metaAudienceParameter(ctx, i),

	async statusOf(ctx, { audienceId }) {
		const { audience, latestSession } = await getMetaAudienceForStatus(await client(ctx), audienceId);
		return metaAudienceStatus(audience, latestSession, minimumSize(ctx));
	},

	async accountStatuses(ctx, accountId) {
		const audiences = await listMetaAudiencesForStatus(await client(ctx), accountId);
		const minimum = minimumSize(ctx);
		return audiences.map(({ audience, latestSession }) => metaAudienceStatus(audience, latestSession, minimum));
	},

	/** The upload sessions of each item's audience, one output item per session. */
	async getUploadStatus(ctx) {
		const output: INodeExecutionData[] = [];
		const items = ctx.getInputData();
		for (let i = 0; i < items.length; i++) {
			const audienceId = metaAudienceParameter(ctx, i);
			const sessionId = String(ctx.getNodeParameter('sessionId', i, '') ?? '').trim();
			const limit = ctx.getNodeParameter('limit', i, 50) as number;
			const sessions = await listMetaUploadSessions(await client(ctx, i), audienceId, {
				sessionId: sessionId || undefined,
				limit,
			});
			for (const session of sessions) {
				output.push({ json: metaUploadSessionReport(audienceId, session), pairedItem: { item: i } });
			}
		}
		return output;
	},
};
