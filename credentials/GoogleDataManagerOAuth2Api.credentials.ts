import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	DATA_MANAGER_SCOPE,
	googleAccountProperties,
} from './GoogleDataManagerServiceAccountApi.credentials';

export class GoogleDataManagerOAuth2Api implements ICredentialType {
	name = 'googleDataManagerOAuth2Api';

	extends = ['googleOAuth2Api'];

	displayName = 'Google Data Manager OAuth2 API';

	icon: Icon = { light: 'file:../icons/google.svg', dark: 'file:../icons/google.dark.svg' };

	documentationUrl =
		'https://github.com/audience-sync/n8n-nodes-audience-sync?tab=readme-ov-file#google-data-manager';

	properties: INodeProperties[] = [
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: DATA_MANAGER_SCOPE,
		},
		...googleAccountProperties,
	];

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '={{($credentials.accessTokenUrl || "https://oauth2.googleapis.com/token").replace(/\\/token$/, "")}}/tokeninfo',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: { access_token: '={{$credentials.oauthTokenData.access_token}}' },
		},
	};
}
