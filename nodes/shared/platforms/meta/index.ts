import type { AudiencePlatform } from '../types';
import { searchMetaAdAccounts, searchMetaAudiences } from './listSearch';
import { metaMembers } from './members';
import { metaAudiences } from './operations';
import { metaProperties } from './properties';
import { META_CREDENTIAL } from './transport';

/** Meta: customer-list Custom Audiences through the Graph API (Marketing API). */
export const meta: AudiencePlatform = {
	name: 'meta',
	displayName: 'Meta',
	description: 'Customer-list Custom Audiences in a Meta (Facebook, Instagram) ad account',
	credentials: [{ name: META_CREDENTIAL, required: true, displayOptions: { show: { platform: ['meta'] } } }],
	properties: metaProperties,
	identifierKeys: [
		'email',
		'phone',
		'firstName',
		'lastName',
		'firstInitial',
		'city',
		'state',
		'zip',
		'country',
		'dateOfBirth',
		'birthYear',
		'birthMonth',
		'birthDay',
		'gender',
		'mobileAdvertiserId',
		'externalId',
	],
	audiences: metaAudiences,
	members: metaMembers,
	listSearch: { searchMetaAdAccounts, searchMetaAudiences },
};
