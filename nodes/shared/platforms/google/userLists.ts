import type { IDataObject } from 'n8n-workflow';

import type { GoogleClient } from './transport';

export const GOOGLE_MAX_MEMBERSHIP_DAYS = 540;
const SECONDS_PER_DAY = 86_400;

export function userListsPath(accountId: string): string {
	return `/v1/accountTypes/GOOGLE_ADS/accounts/${accountId}/userLists`;
}

export function membershipDuration(days: number): string {
	return `${Math.round(days) * SECONDS_PER_DAY}s`;
}

/** `"46656000s"` → 540 */
export function membershipDays(duration: unknown): number | null {
	const match = /^(\d+)s$/.exec(String(duration ?? ''));
	return match ? Math.round(Number(match[1]) / SECONDS_PER_DAY) : null;
}

/** Data Manager filter strings quote values with double quotes; quotes and backslashes are escaped. */
function quoted(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Lists per page when reading many (Data Manager allows up to 1000). */
export const GOOGLE_LIST_PAGE_SIZE = 250;

export interface GoogleUserListInput {
	displayName: string;
	description?: string;
	membershipDays: number;
}

/** Adds readable fields next to Google's own: the list ID as `id`, the duration in days. */
export function presentUserList(list: IDataObject): IDataObject {
	return { ...list, membershipDurationDays: membershipDays(list.membershipDuration) };
}

export async function findGoogleUserListsByName(
	client: GoogleClient,
	accountId: string,
	displayName: string,
): Promise<IDataObject[]> {
	const lists = await listGoogleUserLists(client, accountId, { filter: `display_name = ${quoted(displayName)}` });
	return lists.filter((list) => list.displayName === displayName);
}

export async function createGoogleUserList(
	client: GoogleClient,
	accountId: string,
	input: GoogleUserListInput,
): Promise<IDataObject> {
	const body: IDataObject = {
		displayName: input.displayName,
		membershipDuration: membershipDuration(input.membershipDays),
		ingestedUserListInfo: {
			uploadKeyTypes: ['CONTACT_ID'],
			contactIdInfo: { dataSourceType: 'DATA_SOURCE_TYPE_FIRST_PARTY' },
		},
	};
	if (input.description) body.description = input.description;
	const created = await client.request<IDataObject>({
		method: 'POST',
		path: userListsPath(accountId),
		body,
		withLoginAccountHeader: true,
		context: { accountId },
	});
	return presentUserList(created);
}

export async function getGoogleUserList(
	client: GoogleClient,
	accountId: string,
	listId: string,
): Promise<IDataObject> {
	const list = await client.request<IDataObject>({
		method: 'GET',
		path: `${userListsPath(accountId)}/${listId}`,
		withLoginAccountHeader: true,
		context: { accountId, audienceId: listId },
	});
	return presentUserList(list);
}

export async function listGoogleUserLists(
	client: GoogleClient,
	accountId: string,
	options: { filter?: string; nameContains?: string; limit?: number },
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	let pageToken: string | undefined;
	const filter =
		options.filter ?? (options.nameContains ? `display_name : ${quoted(options.nameContains)}` : undefined);
	do {
		const page = await client.request<{ userLists?: IDataObject[]; nextPageToken?: string }>({
			method: 'GET',
			path: userListsPath(accountId),
			qs: {
				pageSize:
					options.limit === undefined
						? GOOGLE_LIST_PAGE_SIZE
						: Math.min(GOOGLE_LIST_PAGE_SIZE, options.limit - results.length),
				...(filter ? { filter } : {}),
				...(pageToken ? { pageToken } : {}),
			},
			withLoginAccountHeader: true,
			context: { accountId },
		});
		results.push(...(page.userLists ?? []).map(presentUserList));
		pageToken = page.nextPageToken || undefined;
	} while (pageToken && (options.limit === undefined || results.length < options.limit));
	return options.limit === undefined ? results : results.slice(0, options.limit);
}

export interface GoogleUserListUpdate {
	displayName?: string;
	description?: string;
	membershipDays?: number;
}

export async function updateGoogleUserList(
	client: GoogleClient,
	accountId: string,
	listId: string,
	fields: GoogleUserListUpdate,
): Promise<IDataObject> {
	const body: IDataObject = {};
	const mask: string[] = [];
	if (fields.displayName !== undefined) {
		body.displayName = fields.displayName;
		mask.push('display_name');
	}
	if (fields.description !== undefined) {
		body.description = fields.description;
		mask.push('description');
	}
	if (fields.membershipDays !== undefined) {
		body.membershipDuration = membershipDuration(fields.membershipDays);
		mask.push('membership_duration');
	}
	const updated = await client.request<IDataObject>({
		method: 'PATCH',
		path: `${userListsPath(accountId)}/${listId}`,
		qs: { updateMask: mask.join(',') },
		body,
		withLoginAccountHeader: true,
		context: { accountId, audienceId: listId },
	});
	return presentUserList(updated);
}

export async function deleteGoogleUserList(
	client: GoogleClient,
	accountId: string,
	listId: string,
): Promise<void> {
	await client.request({
		method: 'DELETE',
		path: `${userListsPath(accountId)}/${listId}`,
		withLoginAccountHeader: true,
		context: { accountId, audienceId: listId },
	});
}
