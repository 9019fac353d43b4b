import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { GOOGLE_MAX_MEMBERSHIP_DAYS } from './platforms/google/userLists';
import { META_AD_ACCOUNT_URL_REGEX, META_AUDIENCE_URL_REGEX } from './platforms/meta/ids';

export const platformProperty: INodeProperties = {
	displayName: 'Platform',
	name: 'platform',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Google',
			value: 'google',
			description: 'Customer Match user lists in a Google Ads account, through the Data Manager API',
		},
		{
			name: 'Meta',
			value: 'meta',
			description: 'Customer-list Custom Audiences in a Meta (Facebook, Instagram) ad account',
		},
	],
	default: 'meta',
};

export const metaAdAccountLocator: INodeProperties = {
	displayName: 'Ad Account',
	name: 'adAccount',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Meta ad account that owns the audience',
	displayOptions: { show: { platform: ['meta'] } },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchMetaAdAccounts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'act_1234567890',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^(act_)?\\d+$',
						errorMessage: 'An ad account ID is digits, optionally prefixed with act_',
					},
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://adsmanager.facebook.com/adsmanager/manage/campaigns?act=1234567890',
			extractValue: { type: 'regex', regex: META_AD_ACCOUNT_URL_REGEX },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `.*${META_AD_ACCOUNT_URL_REGEX}.*`,
						errorMessage: 'Paste an Ads Manager or Business Settings URL that contains act=<ID>',
					},
				},
			],
		},
	],
};

export const metaAudienceLocator: INodeProperties = {
	displayName: 'Audience',
	name: 'audience',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The customer-list Custom Audience',
	displayOptions: { show: { platform: ['meta'] } },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchMetaAudiences', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '23850000000000000',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\d+$', errorMessage: 'An audience ID is digits only' },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://business.facebook.com/adsmanager/audiences?act=123&ids=23850000000000000',
			extractValue: { type: 'regex', regex: META_AUDIENCE_URL_REGEX },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `.*${META_AUDIENCE_URL_REGEX}.*`,
						errorMessage: 'Paste an Audience Manager URL that contains ids=<ID>',
					},
				},
			],
		},
	],
};

/**
 * Google's way to authenticate. n8n's editor moves the field the credentials depend on into the
 * credential section ("Connect using" in the credential dialog, one list of both credential
 * types), and hides every parameter named in that field's `displayOptions.show`. So the field is
 * hidden for Meta with `hide`, never shown with `show: { platform }`, and the credentials depend
 * on it alone: the Platform parameter then stays in the panel.
 */
export const googleAuthenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'Service Account',
			value: 'serviceAccount',
			description: 'A Google Cloud service account with access to the Google Ads account',
		},
		{
			name: 'OAuth2',
			value: 'oAuth2',
			description: 'Sign in with a Google user who has access to the Google Ads account',
		},
	],
	default: 'serviceAccount',
	displayOptions: { hide: { platform: ['meta'] } },
};

export const googleAccountProperty: INodeProperties = {
	displayName: 'Google Ads Account ID',
	name: 'googleAccountId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '123-456-7890',
	description: 'Customer ID of the Google Ads account that owns the user list (the operating account)',
	displayOptions: { show: { platform: ['google'] } },
};

export const googleUserListLocator: INodeProperties = {
	displayName: 'User List',
	name: 'userList',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Customer Match user list',
	displayOptions: { show: { platform: ['google'] } },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchGoogleUserLists', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '9876543210',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\d+$', errorMessage: 'A user list ID is digits only' },
				},
			],
		},
	],
};

/**
 * The credential of each platform (and, for Google, of each authentication choice). Google's
 * credentials name only `authentication`, which exists only for Google: see
 * googleAuthenticationProperty for why they must not name `platform`.
 */
export const platformCredentials: INodeCredentialDescription[] = [
	{
		name: 'metaAdsApi',
		required: true,
		displayOptions: { show: { platform: ['meta'] } },
	},
	{
		name: 'googleDataManagerServiceAccountApi',
		required: true,
		displayOptions: { show: { authentication: ['serviceAccount'] } },
	},
	{
		name: 'googleDataManagerOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
];

/** Google: how long a member stays in a list after their last upload (a collection option). */
export const googleMembershipDaysOption: INodeProperties = {
	displayName: 'Membership Duration (Days)',
	name: 'membershipDays',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: GOOGLE_MAX_MEMBERSHIP_DAYS },
	default: GOOGLE_MAX_MEMBERSHIP_DAYS,
	description: 'How long a person stays in the list after their last upload, 1–540 days',
	displayOptions: { show: { '/platform': ['google'] } },
};
