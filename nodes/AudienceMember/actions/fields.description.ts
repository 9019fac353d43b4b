import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ContactIdentifiers } from '../../shared/identifiers';
import { platformParameters, PLATFORMS } from '../../shared/platforms';
import type { AudiencePlatform } from '../../shared/platforms/types';

type IdentifierKey = keyof ContactIdentifiers;

interface IdentifierField {
	key: IdentifierKey;
	displayName: string;
	/** Version 1: the input field read when the user does not change it. */
	defaultField: string;
	placeholder: string;
	description: string;
}

/** Identifier fields, in the order a person reads them. */
export const IDENTIFIER_FIELDS: IdentifierField[] = [
	{ key: 'email', displayName: 'Email', defaultField: 'email', placeholder: 'email', description: 'E-mail address' },
	{ key: 'phone', displayName: 'Phone', defaultField: 'phone', placeholder: 'phone', description: 'Phone number, international (+44…, 0044…) or national with the contact’s country or the default country' },
	{ key: 'firstName', displayName: 'First Name', defaultField: 'first_name', placeholder: 'first_name', description: 'Given name; letters of any script are kept' },
	{ key: 'lastName', displayName: 'Last Name', defaultField: 'last_name', placeholder: 'last_name', description: 'Family name; letters of any script are kept' },
	{ key: 'firstInitial', displayName: 'First Initial', defaultField: '', placeholder: 'initial', description: 'Only when you have no first name; otherwise the initial comes from it' },
	{ key: 'city', displayName: 'City', defaultField: 'city', placeholder: 'city', description: 'City name' },
	{ key: 'state', displayName: 'State / Region', defaultField: 'state', placeholder: 'state', description: 'US state name or code, or the region elsewhere' },
	{ key: 'zip', displayName: 'Postal Code', defaultField: 'zip', placeholder: 'zip', description: 'ZIP or postal code (Google: sent with the names and the country)' },
	{ key: 'country', displayName: 'Country', defaultField: 'country', placeholder: 'country', description: 'ISO code (US, GB…) or English country name' },
	{ key: 'dateOfBirth', displayName: 'Date of Birth', defaultField: 'date_of_birth', placeholder: 'date_of_birth', description: 'Full date, e.g. 1990-04-23, 04/23/1990 or 23.04.1990' },
	{ key: 'birthYear', displayName: 'Birth Year', defaultField: '', placeholder: 'birth_year', description: 'Four-digit year, when the date of birth comes in parts' },
	{ key: 'birthMonth', displayName: 'Birth Month', defaultField: '', placeholder: 'birth_month', description: 'Month number or name, when the date of birth comes in parts' },
	{ key: 'birthDay', displayName: 'Birth Day', defaultField: '', placeholder: 'birth_day', description: 'Day of month, when the date of birth comes in parts' },
	{ key: 'gender', displayName: 'Gender', defaultField: 'gender', placeholder: 'gender', description: 'm, male, f or female; other values are reported, never guessed' },
	{ key: 'mobileAdvertiserId', displayName: 'Mobile Advertiser ID', defaultField: 'mobile_advertiser_id', placeholder: 'mobile_advertiser_id', description: 'Apple IDFA or Google Advertising ID' },
	{ key: 'externalId', displayName: 'External ID', defaultField: 'external_id', placeholder: 'external_id', description: 'Your own ID for the contact (Meta: EXTERN_ID, sent unhashed, usable alone to remove)' },
];

const MAPPING_HELP =
	'Name of the input field that holds the value (dot notation for nested fields, e.g. contact.email). A field missing from an item is ignored. The node normalizes and hashes values: map them as they are.';

/** Shown only for the platforms that match on this identifier. */
function platformsMatching(key: IdentifierKey): Pick<INodeProperties, 'displayOptions'> {
	const matching = PLATFORMS.filter((platform) => platform.identifierKeys.includes(key));
	if (matching.length === PLATFORMS.length) return {};
	return { displayOptions: { show: { '/platform': matching.map((platform) => platform.name) } } };
}

function identifierOption(field: IdentifierField, defaultValue: string): INodeProperties {
	return {
		displayName: `${field.displayName} Field`,
		name: field.key,
		type: 'string',
		default: defaultValue,
		placeholder: field.placeholder,
		description: field.description,
		...platformsMatching(field.key),
	};
}

const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** Version 1: one collection that reads twelve fields by default. Kept so saved nodes still run. */
export const identifierFieldsProperty: INodeProperties = {
	displayName: 'Identifier Fields',
	name: 'identifierFields',
	type: 'collection',
	placeholder: 'Add Identifier Field',
	description: MAPPING_HELP,
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
	displayOptions: { show: { '@version': [1] }, hide: { operation: ['resetSyncState'] } },
	options: IDENTIFIER_FIELDS.map((field) => identifierOption(field, field.defaultField)).sort(byDisplayName),
};

const [EMAIL, PHONE, ...OTHERS] = IDENTIFIER_FIELDS;

/** Version 2: e-mail and phone up front (the common case), every other identifier one click away. */
export const identifierMappingProperties: INodeProperties[] = [
	{
		...identifierOption(EMAIL, 'email'),
		description: `Input field with the e-mail address. ${MAPPING_HELP}`,
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] }, hide: { operation: ['resetSyncState'] } },
	},
	{
		...identifierOption(PHONE, 'phone'),
		description: `Input field with the phone number: international (+44…, 0044…) or national with the contact’s country or the default country. Leave empty if there is none.`,
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] }, hide: { operation: ['resetSyncState'] } },
	},
	{
		displayName: 'More Identifier Fields',
		name: 'moreIdentifierFields',
		type: 'collection',
		placeholder: 'Add Identifier Field',
		description: `Names, address and more match more people. ${MAPPING_HELP.replace(/\.$/, "")}.`,
		default: {},
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] }, hide: { operation: ['resetSyncState'] } },
		options: OTHERS.map((field) => identifierOption(field, '')).sort(byDisplayName),
	},
];

/** The input field of each identifier the node reads, for this node's version and platform. */
export function identifierMapping(
	ctx: IExecuteFunctions,
	platform: AudiencePlatform,
): Array<readonly [IdentifierKey, string]> {
	const mapping: Partial<Record<IdentifierKey, unknown>> =
		ctx.getNode().typeVersion < 2
			? (ctx.getNodeParameter('identifierFields', 0, {}) as IDataObject)
			: {
					email: ctx.getNodeParameter('email', 0, ''),
					phone: ctx.getNodeParameter('phone', 0, ''),
					...(ctx.getNodeParameter('moreIdentifierFields', 0, {}) as IDataObject),
				};
	return IDENTIFIER_FIELDS.filter((field) => platform.identifierKeys.includes(field.key))
		.map((field) => [field.key, String(mapping[field.key] ?? '').trim()] as const)
		.filter((entry) => entry[1] !== '');
}

export const consentProperties: INodeProperties[] = [
	{
		displayName: 'Consent',
		name: 'consentPolicy',
		type: 'options',
		default: 'granted',
		description: 'Which contacts may be sent to the ad platform',
		displayOptions: { show: { operation: ['add', 'replace', 'sync'] } },
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
	...platformParameters((platform) => platform.properties.memberConsent),
	{
		displayName: 'Exclusion Field',
		name: 'exclusionField',
		type: 'string',
		default: 'excluded',
		displayOptions: { hide: { operation: ['getSyncState', 'resetSyncState'] } },
		description:
			'Input field that marks a contact who must never be sent (suppression list, do-not-contact). True-like values: true, 1, yes, excluded, suppressed, blocked. Excluded contacts are reported as skipped.',
	},
];

/** Add, Remove, Replace All and Sync read their contacts from the items or from a CSV file. */
const showForContacts = { show: { operation: ['add', 'remove', 'replace', 'sync'] } };
const showForCsv = { show: { operation: ['add', 'remove', 'replace', 'sync'], contactSource: ['csv'] } };

export const contactSourceProperties: INodeProperties[] = [
	{
		displayName: 'Contacts From',
		name: 'contactSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Input Items', value: 'items', description: 'One contact per input item; one result per contact' },
			{
				name: 'CSV File',
				value: 'csv',
				description: 'One contact per row of a CSV file in each input item, read as a stream (millions of rows); one summary per run',
			},
		],
		default: 'items',
		displayOptions: showForContacts,
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The binary property of the input items that holds the CSV file',
		description: 'The file’s first row names the columns; the identifier, consent and exclusion fields below name those columns',
		displayOptions: showForCsv,
	},
	{
		displayName: 'CSV Delimiter',
		name: 'csvDelimiter',
		type: 'options',
		options: [
			{ name: 'Detect From the Header Row', value: 'auto' },
			{ name: 'Comma (,)', value: ',' },
			{ name: 'Semicolon (;)', value: ';' },
			{ name: 'Tab', value: '\t' },
		],
		default: 'auto',
		displayOptions: showForCsv,
	},
];
