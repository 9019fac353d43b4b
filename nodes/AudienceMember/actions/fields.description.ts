import type { INodeProperties } from 'n8n-workflow';

import type { ContactIdentifiers } from '../../shared/identifiers';

type IdentifierKey = keyof ContactIdentifiers;

interface IdentifierField {
	key: IdentifierKey;
	displayName: string;
	defaultField: string;
	description: string;
}

/** Identifier fields, with the input field names read when the user does not change them. */
export const IDENTIFIER_FIELDS: IdentifierField[] = [
	{ key: 'email', displayName: 'Email', defaultField: 'email', description: 'E-mail address' },
	{ key: 'phone', displayName: 'Phone', defaultField: 'phone', description: 'Phone number, international (+44…, 0044…) or national with the contact’s country or the default country' },
	{ key: 'firstName', displayName: 'First Name', defaultField: 'first_name', description: 'Given name; letters of any script are kept' },
	{ key: 'lastName', displayName: 'Last Name', defaultField: 'last_name', description: 'Family name; letters of any script are kept' },
	{ key: 'firstInitial', displayName: 'First Initial', defaultField: '', description: 'Only when you have no first name; otherwise the initial comes from it' },
	{ key: 'city', displayName: 'City', defaultField: 'city', description: 'City name' },
	{ key: 'state', displayName: 'State / Region', defaultField: 'state', description: 'US state name or code, or the region elsewhere' },
	{ key: 'zip', displayName: 'Postal Code', defaultField: 'zip', description: 'ZIP or postal code' },
	{ key: 'country', displayName: 'Country', defaultField: 'country', description: 'ISO code (US, GB…) or English country name' },
	{ key: 'dateOfBirth', displayName: 'Date of Birth', defaultField: 'date_of_birth', description: 'Full date, e.g. 1990-04-23, 04/23/1990 or 23.04.1990' },
	{ key: 'birthYear', displayName: 'Birth Year', defaultField: '', description: 'Four-digit year, when the date of birth comes in parts' },
	{ key: 'birthMonth', displayName: 'Birth Month', defaultField: '', description: 'Month number or name, when the date of birth comes in parts' },
	{ key: 'birthDay', displayName: 'Birth Day', defaultField: '', description: 'Day of month, when the date of birth comes in parts' },
	{ key: 'gender', displayName: 'Gender', defaultField: 'gender', description: 'm, male, f or female; other values are reported, never guessed' },
	{ key: 'mobileAdvertiserId', displayName: 'Mobile Advertiser ID', defaultField: 'mobile_advertiser_id', description: 'Apple IDFA or Google Advertising ID' },
	{ key: 'externalId', displayName: 'External ID', defaultField: 'external_id', description: 'Your own ID for the contact (Meta: EXTERN_ID, sent unhashed, usable alone to remove)' },
];

export const identifierFieldsProperty: INodeProperties = {
	displayName: 'Identifier Fields',
	name: 'identifierFields',
	type: 'collection',
	placeholder: 'Add Identifier Field',
	description:
		'Name of the input field that holds each identifier (dot notation for nested fields). A field missing from an item is ignored. Values are normalized and hashed by the node: send them as they are.',
	default: {
		email: 'email',
		phone: 'phone',
		firstName: 'first_name',
		lastName: 'last_name',
		city: 'city',
		state: 'state',
		zip: 'zip',
		country: 'country',
		dateOfBirth: 'date_of_birth',
		gender: 'gender',
		mobileAdvertiserId: 'mobile_advertiser_id',
		externalId: 'external_id',
	},
	options: IDENTIFIER_FIELDS.map((field) => ({
		displayName: `${field.displayName} Field`,
		name: field.key,
		type: 'string' as const,
		default: field.defaultField,
		description: field.description,
		hint: 'Name of the input field',
	})).sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

export const consentProperties: INodeProperties[] = [
	{
		displayName: 'Consent',
		name: 'consentPolicy',
		type: 'options',
		default: 'granted',
		description: 'Which contacts may be sent to the ad platform',
		displayOptions: { show: { operation: ['add', 'replace'] } },
		options: [
			{
				name: 'Only Contacts Whose Consent Is Granted',
				value: 'granted',
				description:
					'Contacts without granted consent (missing, denied or unknown value; on Google both consents) are skipped with reason no_consent',
			},
			{
				name: 'All Contacts (Consent Collected Elsewhere)',
				value: 'all',
				description:
					'Meta: use only when every input contact already agreed to ad targeting. Google: every contact is sent with its consent values, and Google drops those without consent.',
			},
		],
	},
	{
		displayName: 'Consent Field',
		name: 'consentField',
		type: 'string',
		default: 'consent',
		description:
			'Input field holding the contact’s consent to ad targeting. Granted: true, 1, yes, granted, opt_in, opted_in, subscribed, consented, accepted.',
		displayOptions: {
			show: { platform: ['meta'], operation: ['add', 'replace'], consentPolicy: ['granted'] },
		},
	},
	{
		displayName: 'Ad User Data Consent Field',
		name: 'adUserDataConsentField',
		type: 'string',
		default: 'consent',
		description:
			'Input field with the contact’s consent to sending their data to Google for advertising (granted, denied, or empty for unspecified). The same field can serve both consents.',
		displayOptions: { show: { platform: ['google'], operation: ['add', 'replace'] } },
	},
	{
		displayName: 'Ad Personalization Consent Field',
		name: 'adPersonalizationConsentField',
		type: 'string',
		default: 'consent',
		description:
			'Input field with the contact’s consent to personalized advertising (granted, denied, or empty for unspecified)',
		displayOptions: { show: { platform: ['google'], operation: ['add', 'replace'] } },
	},
	{
		displayName: 'Exclusion Field',
		name: 'exclusionField',
		type: 'string',
		default: 'excluded',
		description:
			'Input field that marks a contact who must never be sent (suppression list, do-not-contact). True-like values: true, 1, yes, excluded, suppressed, blocked. Excluded contacts are reported as skipped.',
	},
];
