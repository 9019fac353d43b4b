import type { AudiencePlatform } from '../types';
import { searchGoogleUserLists } from './listSearch';
import { googleMembers } from './members';
import { googleAudiences } from './operations';
import { googleProperties } from './properties';

/** Google: Customer Match user lists in a Google Ads account, through the Data Manager API. */
export const google: AudiencePlatform = {
	name: 'google',
	displayName: 'Google',
	description: 'Customer Match user lists in a Google Ads account, through the Data Manager API',
	// They depend on Authentication alone: see the registry for why never on Platform.
	credentials: [
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
	],
	properties: googleProperties,
	// Google matches e-mail, phone and the address (names, country, postal code) only.
	identifierKeys: ['email', 'phone', 'firstName', 'lastName', 'zip', 'country'],
	audiences: googleAudiences,
	members: googleMembers,
	listSearch: { searchGoogleUserLists },
};
