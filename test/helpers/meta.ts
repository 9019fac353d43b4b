import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { runNode } from './engine';

export const META_TOKEN = 'sandbox-meta-token';
export const ACCEPTED_ACCOUNT = '1234567890';
export const TERMS_PENDING_ACCOUNT = '2222222222';

export function metaCredentials(baseUrl: string, extra: IDataObject = {}): Record<string, ICredentialDataDecryptedObject> {
	return {
		metaAdsApi: {
			accessToken: META_TOKEN,
			appSecret: '',
			graphVersion: 'v26.0',
			baseUrl,
			...extra,
		} as ICredentialDataDecryptedObject,
	};
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** A new customer-list audience in the sandbox (a new one even when the name is taken); its id. */
export async function newCustomerList(baseUrl: string, name: string): Promise<string> {
	const { items, error } = await adAudience(baseUrl, { operation: 'create', name, customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'createNew' });
	if (error) throw error;
	return String(items[0].json.id);
}

/** Audience Member → Sync of one Meta audience, keyed by `crm_id`. */
export const metaSyncParameters = (audienceId: string): IDataObject => ({
	platform: 'meta',
	operation: 'sync',
	adAccount: byId(`act_${ACCEPTED_ACCOUNT}`),
	audience: byId(audienceId),
	contactKeyField: 'crm_id',
});

export async function adAudience(baseUrl: string, parameters: IDataObject, input?: IDataObject[]) {
	return await runNode({
		type: 'adAudience',
		parameters: { platform: 'meta', adAccount: byId(`act_${ACCEPTED_ACCOUNT}`), ...parameters },
		credentials: metaCredentials(baseUrl),
		input,
	});
}

export async function audienceMember(
	baseUrl: string,
	audienceId: string,
	parameters: IDataObject,
	input: IDataObject[],
	extra: { continueOnFail?: boolean; credentials?: Record<string, ICredentialDataDecryptedObject>; typeVersion?: number } = {},
) {
	return await runNode({
		type: 'audienceMember',
		parameters: {
			platform: 'meta',
			adAccount: byId(`act_${ACCEPTED_ACCOUNT}`),
			audience: byId(audienceId),
			...parameters,
		},
		credentials: extra.credentials ?? metaCredentials(baseUrl),
		input,
		continueOnFail: extra.continueOnFail,
		typeVersion: extra.typeVersion,
	});
}
