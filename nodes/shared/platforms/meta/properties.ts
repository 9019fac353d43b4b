import type { INodeProperties } from 'n8n-workflow';

import { audienceLimitOption, minimumSizeOption, statusOptionsCollection } from '../limits';
import type { PlatformProperties } from '../types';
import { META_MAX_CUSTOMER_LISTS } from './audiences';
import { META_AD_ACCOUNT_URL_REGEX, META_AUDIENCE_URL_REGEX } from './ids';
import { META_MIN_AUDIENCE_SIZE } from './status';

const AUDIENCE_OPERATIONS = ['get', 'update', 'delete', 'getStatus', 'getUploadStatus'];

const adAccountLocator: INodeProperties = {
	displayName: 'Ad Account',
	name: 'adAccount',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Meta ad account that owns the audience',
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

const audienceLocator: INodeProperties = {
	displayName: 'Audience',
	name: 'audience',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The customer-list Custom Audience',
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

const CUSTOMER_FILE_SOURCES = [
	{
		name: 'Both User and Partner Provided',
		value: 'BOTH_USER_AND_PARTNER_PROVIDED',
		description: 'Collected from customers and from partners',
	},
	{
		name: 'Partner Provided Only',
		value: 'PARTNER_PROVIDED_ONLY',
		description: 'Sourced from partners, agencies or data providers',
	},
	{
		name: 'User Provided Only',
		value: 'USER_PROVIDED_ONLY',
		description: 'Collected directly from your customers',
	},
];

const minimumSize = minimumSizeOption(
	META_MIN_AUDIENCE_SIZE,
	'Matched people (the lower bound of Meta’s approximate count) under which meetsMinimumSize is false. Meta publishes no minimum and shows smaller sizes as "Below 1000"; change it when Meta moves the figure. Meta’s own "too small" delivery status always counts as under the minimum.',
);

const audienceLimit = audienceLimitOption(
	META_MAX_CUSTOMER_LISTS,
	'Customer-list audiences an ad account can hold: Meta allows 500; change it when Meta does. At this many, Create fails before asking Meta; from 90% on, Create and Get Status warn.',
);

export const metaProperties: PlatformProperties = {
	connection: [],
	triggerTarget: [
		{ ...adAccountLocator, description: 'The ad account whose customer-list audiences are watched', displayOptions: { show: { watch: ['account'] } } },
		{
			...adAccountLocator,
			required: false,
			description: 'Only needed to pick the audience from a list',
			displayOptions: { show: { watch: ['one', 'several'] } },
		},
		{ ...audienceLocator, displayOptions: { show: { watch: ['one'] } } },
	],
	triggerOptions: [statusOptionsCollection([minimumSize])],
	audienceTarget: [
		{ ...adAccountLocator, displayOptions: { show: { operation: ['create', 'getMany'] } } },
		{
			...adAccountLocator,
			required: false,
			description: 'Only needed to pick the audience from a list',
			displayOptions: { show: { operation: AUDIENCE_OPERATIONS } },
		},
		{ ...audienceLocator, displayOptions: { show: { operation: AUDIENCE_OPERATIONS } } },
	],
	audienceFields: {
		getStatus: [statusOptionsCollection([minimumSize, audienceLimit])],
		create: [
			{
				displayName: 'Customer File Source',
				name: 'customerFileSource',
				type: 'options',
				default: 'USER_PROVIDED_ONLY',
				description: 'Where the contacts came from, as Meta requires for customer-list audiences',
				options: CUSTOMER_FILE_SOURCES,
			},
		],
		getUploadStatus: [
			{
				displayName: 'Session ID',
				name: 'sessionId',
				type: 'string',
				default: '',
				placeholder: '4929303021',
				description:
					'One upload session to report (the session_id in the meta figures of an Audience Member summary). Leave empty for the latest sessions.',
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 50,
				description: 'Max number of results to return',
			},
			{
				displayName:
					'Meta counts received and matched people per upload session; the counts can lag the upload by up to 24 hours.',
				name: 'metaSessionNotice',
				type: 'notice',
				default: '',
			},
		],
	},
	memberTarget: [
		{
			...adAccountLocator,
			required: false,
			description: 'Only needed to pick the audience from a list; also named in error messages',
		},
		audienceLocator,
	],
	memberConsent: [
		{
			displayName: 'Consent Field',
			name: 'consentField',
			type: 'string',
			default: 'consent',
			description:
				'Input field holding the contact’s consent to ad targeting. Granted: true, 1, yes, granted, opt_in, opted_in, subscribed, consented, accepted.',
			displayOptions: { show: { operation: ['add', 'replace', 'sync'], consentPolicy: ['granted'] } },
		},
	],
	collectionOptions: {
		createOptions: [
			audienceLimit,
			{
				displayName: 'Retention Days',
				name: 'retentionDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 180 },
				default: 0,
				description:
					'How long Meta keeps a person in the audience after they were added, 1–180 days. 0 keeps them until removed.',
			},
		],
		updateFields: [
			{
				displayName: 'Customer File Source',
				name: 'customerFileSource',
				type: 'options',
				default: 'USER_PROVIDED_ONLY',
				options: CUSTOMER_FILE_SOURCES.map(({ name, value }) => ({ name, value })),
			},
			{
				displayName: 'Retention Days',
				name: 'retentionDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 180 },
				default: 180,
				description: 'How long Meta keeps a person in the audience after they were added, 1–180 days',
			},
		],
		getManyFilters: [
			{
				displayName: 'Customer Lists Only',
				name: 'customerListsOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to leave out website, app, engagement and lookalike audiences',
			},
		],
		memberOptions: [
			{
				displayName: 'Limited Data Use',
				name: 'limitedDataUse',
				type: 'options',
				default: 'off',
				description: 'Meta’s Limited Data Use flag for US state privacy laws',
				options: [
					{ name: 'Off', value: 'off' },
					{
						name: 'On, Meta Geolocates the Person',
						value: 'geolocate',
						description: 'Sends DATA_PROCESSING_OPTIONS ["LDU"] with country 0 and state 0',
					},
					{
						name: 'On, California',
						value: 'california',
						description: 'Sends DATA_PROCESSING_OPTIONS ["LDU"] with country 1 and state 1000',
					},
				],
			},
		],
	},
};
