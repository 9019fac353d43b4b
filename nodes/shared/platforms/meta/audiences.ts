import type { IDataObject } from 'n8n-workflow';

import type { MetaUploadSession } from './status';
import { META_STATUS_FIELDS } from './status';
import type { MetaClient } from './transport';

export const META_AUDIENCE_FIELDS = [
	'id',
	'account_id',
	'name',
	'description',
	'subtype',
	'customer_file_source',
	'approximate_count_lower_bound',
	'approximate_count_upper_bound',
	'delivery_status',
	'operation_status',
	'retention_days',
	'time_created',
	'time_updated',
	'time_content_updated',
].join(',');

/**
 * "You can create a maximum of 500 custom audiences" (ad account customaudiences reference); the
 * Custom Audiences guide's FAQ: "Standard Data File Custom Audiences: 500".
 */
export const META_MAX_CUSTOMER_LISTS = 500;

/** Audiences per page when counting them (Meta sets no maximum; Segment uses 200). */
const COUNT_PAGE_SIZE = 200;

/** Subtype CUSTOM: the customer-file audiences that limit counts. */
const CUSTOMER_LISTS_ONLY = JSON.stringify([{ field: 'subtype', operator: 'EQUAL', value: 'CUSTOM' }]);

export type CustomerFileSource =
	| 'USER_PROVIDED_ONLY'
	| 'PARTNER_PROVIDED_ONLY'
	| 'BOTH_USER_AND_PARTNER_PROVIDED';

export interface MetaAudienceInput {
	name: string;
	description?: string;
	customerFileSource: CustomerFileSource;
	retentionDays?: number;
}

/** `tos_accepted.custom_audience_tos === 1` once someone accepted the Custom Audience terms. */
export async function metaTermsAccepted(client: MetaClient, adAccount: string): Promise<boolean> {
	const account = await client.request<{ tos_accepted?: Record<string, number> }>({
		method: 'GET',
		path: `/act_${adAccount}`,
		qs: { fields: 'tos_accepted' },
		context: { adAccountId: adAccount },
	});
	return account.tos_accepted?.custom_audience_tos === 1;
}

/** Graph's name filter is a substring match; exact equality is checked here. */
export async function findMetaAudiencesByName(
	client: MetaClient,
	adAccount: string,
	name: string,
): Promise<IDataObject[]> {
	const candidates = await client.list<IDataObject>({
		method: 'GET',
		path: `/act_${adAccount}/customaudiences`,
		qs: {
			fields: META_AUDIENCE_FIELDS,
			filtering: JSON.stringify([{ field: 'name', operator: 'CONTAIN', value: name }]),
		},
		context: { adAccountId: adAccount },
	});
	return candidates.filter((audience) => audience.name === name);
}

/**
 * The ad account's customer-list audiences (subtype CUSTOM), every page followed. The subtype is
 * checked here too, so an ignored filter cannot inflate the count.
 */
export async function countMetaCustomerLists(client: MetaClient, adAccount: string): Promise<number> {
	const audiences = await client.list<IDataObject>(
		{
			method: 'GET',
			path: `/act_${adAccount}/customaudiences`,
			qs: { fields: 'id,subtype', filtering: CUSTOMER_LISTS_ONLY },
			context: { adAccountId: adAccount },
		},
		undefined,
		COUNT_PAGE_SIZE,
	);
	return audiences.filter((audience) => audience.subtype === 'CUSTOM').length;
}

export async function createMetaAudience(
	client: MetaClient,
	adAccount: string,
	input: MetaAudienceInput,
): Promise<IDataObject> {
	const body: IDataObject = {
		name: input.name,
		subtype: 'CUSTOM',
		customer_file_source: input.customerFileSource,
	};
	if (input.description) body.description = input.description;
	if (input.retentionDays) body.retention_days = input.retentionDays;
	const created = await client.request<{ id: string }>({
		method: 'POST',
		path: `/act_${adAccount}/customaudiences`,
		body,
		context: { adAccountId: adAccount },
	});
	return await getMetaAudience(client, String(created.id));
}

export async function getMetaAudience(
	client: MetaClient,
	audienceId: string,
	fields: string = META_AUDIENCE_FIELDS,
): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'GET',
		path: `/${audienceId}`,
		qs: { fields },
		context: { audienceId },
	});
}

/**
 * The audience with its latest upload session, which gives the match rate. The session is
 * best effort: when Meta will not return it (no session yet, an audience kind without sessions,
 * a passing error), the status is still reported, without a match rate.
 */
export async function getMetaAudienceForStatus(
	client: MetaClient,
	audienceId: string,
): Promise<{ audience: IDataObject; latestSession?: MetaUploadSession }> {
	const audience = await getMetaAudience(client, audienceId, META_STATUS_FIELDS.join(','));
	return { audience, latestSession: await latestMetaSession(client, audienceId) };
}

/** The customer-list audiences of the ad account, each with its latest upload session. */
export async function listMetaAudiencesForStatus(
	client: MetaClient,
	adAccount: string,
): Promise<Array<{ audience: IDataObject; latestSession?: MetaUploadSession }>> {
	const audiences = await client.list<IDataObject>({
		method: 'GET',
		path: `/act_${adAccount}/customaudiences`,
		qs: {
			fields: META_STATUS_FIELDS.join(','),
			filtering: CUSTOMER_LISTS_ONLY,
		},
		context: { adAccountId: adAccount },
	});
	const results: Array<{ audience: IDataObject; latestSession?: MetaUploadSession }> = [];
	for (const audience of audiences) {
		results.push({ audience, latestSession: await latestMetaSession(client, String(audience.id)) });
	}
	return results;
}

async function latestMetaSession(client: MetaClient, audienceId: string): Promise<MetaUploadSession | undefined> {
	const sessions = await client.send<{ data?: MetaUploadSession[] }>({
		method: 'GET',
		path: `/${audienceId}/sessions`,
		qs: { fields: META_SESSION_FIELDS, limit: 1 },
		context: { audienceId },
	});
	return sessions.ok ? sessions.value.body.data?.[0] : undefined;
}

const META_SESSION_FIELDS =
	'session_id,start_time,end_time,num_received,num_matched,num_invalid_entries,stage';

/** The audience's upload sessions, newest first (one session when `sessionId` is given). */
export async function listMetaUploadSessions(
	client: MetaClient,
	audienceId: string,
	options: { sessionId?: string; limit: number },
): Promise<MetaUploadSession[]> {
	const page = await client.request<{ data?: MetaUploadSession[] }>({
		method: 'GET',
		path: `/${audienceId}/sessions`,
		qs: {
			fields: META_SESSION_FIELDS,
			limit: options.limit,
			...(options.sessionId ? { session_id: options.sessionId } : {}),
		},
		context: { audienceId },
	});
	return page.data ?? [];
}

export async function listMetaAudiences(
	client: MetaClient,
	adAccount: string,
	options: { nameContains?: string; customerListsOnly?: boolean; limit?: number },
): Promise<IDataObject[]> {
	const filtering: IDataObject[] = [];
	if (options.nameContains) {
		filtering.push({ field: 'name', operator: 'CONTAIN', value: options.nameContains });
	}
	if (options.customerListsOnly) {
		filtering.push({ field: 'subtype', operator: 'EQUAL', value: 'CUSTOM' });
	}
	return await client.list<IDataObject>(
		{
			method: 'GET',
			path: `/act_${adAccount}/customaudiences`,
			qs: {
				fields: META_AUDIENCE_FIELDS,
				...(filtering.length ? { filtering: JSON.stringify(filtering) } : {}),
			},
			context: { adAccountId: adAccount },
		},
		options.limit,
	);
}

export async function updateMetaAudience(
	client: MetaClient,
	audienceId: string,
	fields: IDataObject,
): Promise<IDataObject> {
	await client.request({ method: 'POST', path: `/${audienceId}`, body: fields, context: { audienceId } });
	return await getMetaAudience(client, audienceId);
}

export async function deleteMetaAudience(client: MetaClient, audienceId: string): Promise<void> {
	await client.request({ method: 'DELETE', path: `/${audienceId}`, context: { audienceId } });
}
