import type { INodeProperties } from 'n8n-workflow';

import { minimumSizeOption, statusOptionsCollection } from '../limits';
import type { PlatformProperties } from '../types';
import { GOOGLE_MIN_AUDIENCE_SIZE } from './status';
import { GOOGLE_MAX_MEMBERSHIP_DAYS } from './userLists';

/**
 * Google's way to authenticate. n8n's editor moves the field the credentials depend on into the
 * credential section and hides every parameter named in that field's display options, so the
 * registry hides it for the other platforms instead of showing it for Google (see
 * platforms/index.ts), and Google's credentials depend on it alone.
 */
const authentication: INodeProperties = {
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
};

const accountId: INodeProperties = {
	displayName: 'Google Ads Account ID',
	name: 'googleAccountId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '123-456-7890',
	description: 'Customer ID of the Google Ads account that owns the user list (the operating account)',
};

const userListLocator: INodeProperties = {
	displayName: 'User List',
	name: 'userList',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Customer Match user list',
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

/** How long a member stays in a list after their last upload (a collection option). */
const membershipDays: INodeProperties = {
	displayName: 'Membership Duration (Days)',
	name: 'membershipDays',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: GOOGLE_MAX_MEMBERSHIP_DAYS },
	default: GOOGLE_MAX_MEMBERSHIP_DAYS,
	description: 'How long a person stays in the list after their last upload, 1–540 days',
};

const minimumSize = minimumSizeOption(
	GOOGLE_MIN_AUDIENCE_SIZE,
	'Members (the largest network count) under which meetsMinimumSize is false, and a list that cannot serve is too_small. Google Ads serves Customer Match lists from 100 active members on Display, Search and YouTube (Search and YouTube needed 1,000 until about Dec 2024); change it when Google moves the figure.',
);

export const googleProperties: PlatformProperties = {
	connection: [authentication],
	triggerTarget: [
		accountId,
		{ ...userListLocator, displayOptions: { show: { watch: ['one'] } } },
	],
	triggerOptions: [statusOptionsCollection([minimumSize])],
	audienceTarget: [
		{ ...accountId, displayOptions: { show: { resource: ['audience'] } } },
		{
			...userListLocator,
			displayOptions: { show: { resource: ['audience'], operation: ['get', 'update', 'delete', 'getStatus'] } },
		},
	],
	audienceFields: {
		getStatus: [statusOptionsCollection([minimumSize])],
		getUploadStatus: [
			{
				displayName: 'Request IDs',
				name: 'requestIds',
				type: 'string',
				required: true,
				default: '={{ $json.requestId }}',
				description:
					'Data Manager request IDs to look up: the requestId of Audience Member results, or several separated by commas. Each distinct ID is looked up once, whatever the number of items that carry it.',
			},
			{
				displayName:
					'Google processes an upload after accepting it: wait about 30 minutes before the first look, then repeat until the status is SUCCESS, PARTIAL_SUCCESS or FAILED.',
				name: 'uploadStatusNotice',
				type: 'notice',
				default: '',
			},
		],
	},
	memberTarget: [accountId, userListLocator],
	memberConsent: [
		{
			displayName: 'Ad User Data Consent Field',
			name: 'adUserDataConsentField',
			type: 'string',
			default: 'consent',
			description:
				'Input field with the contact’s consent to sending their data to Google for advertising (granted, denied, or empty for unspecified). The same field can serve both consents.',
			displayOptions: { show: { operation: ['add', 'replace', 'sync'] } },
		},
		{
			displayName: 'Ad Personalization Consent Field',
			name: 'adPersonalizationConsentField',
			type: 'string',
			default: 'consent',
			description:
				'Input field with the contact’s consent to personalized advertising (granted, denied, or empty for unspecified)',
			displayOptions: { show: { operation: ['add', 'replace', 'sync'] } },
		},
	],
	collectionOptions: {
		createOptions: [membershipDays],
		updateFields: [membershipDays],
		memberOptions: [
			{
				displayName: 'Default Consent',
				name: 'defaultConsent',
				type: 'options',
				default: 'unspecified',
				description:
					'Google: consent assumed for a contact whose consent field is empty, and sent as the request-level consent',
				options: [
					{ name: 'Unspecified', value: 'unspecified' },
					{ name: 'Granted', value: 'granted' },
					{ name: 'Denied', value: 'denied' },
				],
			},
		],
	},
};
