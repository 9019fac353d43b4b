import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * An API key of this n8n instance, for the Sync state kept in an n8n data table: community nodes
 * cannot reach data tables from inside a workflow, so the node uses n8n's public API.
 */
export class AudienceSyncN8nApi implements ICredentialType {
	name = 'audienceSyncN8nApi';

	displayName = 'Audience Sync State N8n API';

	icon: Icon = { light: 'file:../icons/member.svg', dark: 'file:../icons/member.dark.svg' };

	documentationUrl =
		'https://github.com/audience-sync/n8n-nodes-audience-sync?tab=readme-ov-file#where-the-state-lives';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'An n8n API key (Settings → n8n API) with the data table scopes: list, create and read tables, and read, create, update and delete rows',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678/api/v1',
			placeholder: 'https://n8n.example.com/api/v1',
			description:
				"This n8n's public API, as the workers reach it: its address followed by /api/v1",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-N8N-API-KEY': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}', url: '/data-tables', qs: { limit: 1 } },
	};
}
