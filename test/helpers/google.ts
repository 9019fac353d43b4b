import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { CredentialStore } from './engine';
import { credentialStore, runNode } from './engine';

export const GOOGLE_ACCOUNT = '1234567890';
export const GOOGLE_MANAGER = '9999999999';

interface GoogleSandbox {
	url: string;
	google: { serviceAccount: { clientEmail: string; privateKeyPem: string } };
}

export function serviceAccountCredentials(sandbox: GoogleSandbox, extra: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		clientEmail: sandbox.google.serviceAccount.clientEmail,
		privateKey: sandbox.google.serviceAccount.privateKeyPem,
		loginAccountId: '',
		grantUrl: `${sandbox.url}/token`,
		baseUrl: sandbox.url,
		accessToken: '',
		...extra,
	} as ICredentialDataDecryptedObject;
}

/** What n8n stores for a connected Google OAuth2 credential (googleOAuth2Api's fields included). */
export function oauthCredentials(sandbox: GoogleSandbox, extra: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		grantType: 'authorizationCode',
		authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
		accessTokenUrl: `${sandbox.url}/token`,
		clientId: 'sandbox-client',
		clientSecret: 'sandbox-client-secret',
		scope: 'https://www.googleapis.com/auth/datamanager',
		authQueryParameters: 'access_type=offline&prompt=consent',
		authentication: 'body',
		loginAccountId: '',
		baseUrl: sandbox.url,
		oauthTokenData: { access_token: 'sandbox-google-token', refresh_token: 'sandbox-refresh-token', token_type: 'Bearer' },
		...extra,
	} as ICredentialDataDecryptedObject;
}

export function serviceAccountStore(sandbox: GoogleSandbox, extra: IDataObject = {}): CredentialStore {
	return credentialStore({ googleDataManagerServiceAccountApi: serviceAccountCredentials(sandbox, extra) });
}

export const listById = (value: string) => ({ __rl: true, mode: 'id', value });

export async function googleAdAudience(
	credentials: CredentialStore,
	parameters: IDataObject,
	input?: IDataObject[],
	authentication = 'serviceAccount',
) {
	return await runNode({
		type: 'adAudience',
		parameters: { platform: 'google', authentication, googleAccountId: GOOGLE_ACCOUNT, ...parameters },
		credentials,
		input,
	});
}

export async function googleAudienceMember(
	credentials: CredentialStore,
	listId: string,
	parameters: IDataObject,
	input: IDataObject[],
	extra: { continueOnFail?: boolean; authentication?: string; typeVersion?: number } = {},
) {
	return await runNode({
		type: 'audienceMember',
		parameters: {
			platform: 'google',
			authentication: extra.authentication ?? 'serviceAccount',
			googleAccountId: GOOGLE_ACCOUNT,
			userList: listById(listId),
			...parameters,
		},
		credentials,
		input,
		continueOnFail: extra.continueOnFail,
		typeVersion: extra.typeVersion,
	});
}
