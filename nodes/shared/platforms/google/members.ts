import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ConsentState } from '../../members/consent';
import { consentState } from '../../members/consent';
import { readPath } from '../../members/fields';
import { concurrencyFrom, retryPolicyFrom } from '../../members/options';
import { resolveDefaultCountry } from '../../identifiers/countryIndex';
import { invalidContact } from '../../members/prepare';
import type { MemberUploader, UploadOptions } from '../../members/types';
import type { GoogleUserIdentifier } from './identifiers';
import { buildGoogleMember } from './identifiers';
import type { GoogleDestination, GoogleMember } from './ingest';
import { GOOGLE_MAX_BODY_BYTES, GOOGLE_MAX_MEMBERS_PER_REQUEST, googleConsent, sendGoogleBatches } from './ingest';
import { googleAccountParameter, googleCredentialName, googleUserListParameter } from './parameters';
import { GoogleClient } from './transport';

/** The two consents Google asks of each member (absent when no consent field is set). */
type MemberConsent = { adUserData: ConsentState; adPersonalization: ConsentState } | undefined;

/** True when JSON writes `text` as is: no quote, backslash, control character or surrogate. */
function isJsonPlain(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 32 || code === 34 || code === 92 || (code >= 0xd800 && code <= 0xdfff)) return false;
	}
	return true;
}

/**
 * The identifiers' JSON (the contact's identity), as JSON.stringify writes it: written directly
 * when every value is plain text, which hashes, region codes and postal codes are.
 */
export function identifiersJson(identifiers: readonly GoogleUserIdentifier[]): string {
	let json = '[';
	for (const identifier of identifiers) {
		if (json.length > 1) json += ',';
		if ('emailAddress' in identifier) json += `{"emailAddress":"${identifier.emailAddress}"}`;
		else if ('phoneNumber' in identifier) json += `{"phoneNumber":"${identifier.phoneNumber}"}`;
		else {
			const { givenName, familyName, regionCode, postalCode } = identifier.address;
			// The names are hex digests and the region two letters: only the postal code is free text.
			if (!isJsonPlain(postalCode)) return JSON.stringify(identifiers);
			json += `{"address":{"givenName":"${givenName}","familyName":"${familyName}","regionCode":"${regionCode}","postalCode":"${postalCode}"}}`;
		}
	}
	return json + ']';
}

function identifierName(identifier: GoogleUserIdentifier): string {
	if ('emailAddress' in identifier) return 'emailAddress';
	if ('phoneNumber' in identifier) return 'phoneNumber';
	return 'address' in identifier ? 'address' : 'unknown';
}

/**
 * Google's member upload through the Data Manager API: each contact is one audience member with
 * up to ten hashed identifiers and its consent; Replace All ingests, then removes everyone else.
 */
export function googleMembers(ctx: IExecuteFunctions, options: UploadOptions): MemberUploader<GoogleMember, MemberConsent> {
	const defaultConsent = (options.defaultConsent ?? 'unspecified') as ConsentState;
	// Resolved once per run: the setting is the same for every contact.
	const defaultCountry = resolveDefaultCountry(options.defaultCountry);
	const stateOf = (json: Record<string, unknown>, field: string): ConsentState => {
		if (!field) return defaultConsent;
		const value = readPath(json, field);
		return value === undefined || value === null || value === '' ? defaultConsent : consentState(value);
	};
	let consentSettings: { policy: string; adUserData: string; adPersonalization: string } | undefined;
	const settings = () =>
		(consentSettings ??= {
			policy: ctx.getNodeParameter('consentPolicy', 0, 'granted') as string,
			adUserData: (ctx.getNodeParameter('adUserDataConsentField', 0, '') as string).trim(),
			adPersonalization: (ctx.getNodeParameter('adPersonalizationConsentField', 0, '') as string).trim(),
		});

	return {
		platform: 'google',
		limits: { maxRows: GOOGLE_MAX_MEMBERS_PER_REQUEST, maxBytes: GOOGLE_MAX_BODY_BYTES },
		requestIds: true,
		targetParameters: ['googleAccountId', 'userList'],
		replaceNotice:
			'The members already ingested stay in the list; because not every batch was accepted, nobody was removed (removeAll was not called). Run Replace All again.',

		target(i) {
			const accountId = googleAccountParameter(ctx, i);
			const audienceId = googleUserListParameter(ctx, i);
			return { key: `${accountId}/${audienceId}`, audienceId, accountId };
		},

		consent(json) {
			const { policy, adUserData: userDataField, adPersonalization: personalizationField } = settings();
			const adUserData = stateOf(json, userDataField);
			const adPersonalization = stateOf(json, personalizationField);
			const consent =
				userDataField || personalizationField || defaultConsent !== 'unspecified'
					? { adUserData, adPersonalization }
					: undefined;
			if (policy !== 'granted' || (adUserData === 'granted' && adPersonalization === 'granted')) {
				return { send: true, consent };
			}
			const missing = [
				adUserData === 'granted' ? undefined : `ad user data ${adUserData}`,
				adPersonalization === 'granted' ? undefined : `ad personalization ${adPersonalization}`,
			].filter(Boolean);
			return {
				send: false,
				result: {
					status: 'skipped',
					reason: 'no_consent',
					message: `Google needs both consents granted (${missing.join(', ')}); nothing was sent`,
				},
			};
		},

		prepare(contact, consent) {
			const member = buildGoogleMember(contact, { defaultCountry });
			// The member's own list (made for this contact): the warning joins it.
			const rejections = member.rejections;
			if (member.incompleteAddress?.length) {
				rejections.push({
					field: member.incompleteAddress[0],
					reason: 'incomplete_address',
					detail: `name and address are sent only with first name, last name, country and postal code; missing or invalid: ${member.incompleteAddress.join(', ')}`,
				});
			}
			if (!member.matchable) {
				return {
					ok: false,
					result: invalidContact(rejections, 'an e-mail or a phone, or first name + last name + country + postal code'),
				};
			}
			const identifiers = member.identifiers;
			const wire: GoogleMember = { compositeData: { userData: { userIdentifiers: identifiers } } };
			if (consent) wire.consent = googleConsent(consent.adUserData, consent.adPersonalization);
			return {
				ok: true,
				contact: {
					identity: identifiersJson(identifiers),
					wire,
					identifiersSent: identifiers.map(identifierName),
					rejections,
				},
			};
		},

		fromIdentity(identity) {
			const identifiers = JSON.parse(identity) as GoogleUserIdentifier[];
			return {
				identity,
				wire: { compositeData: { userData: { userIdentifiers: identifiers } } },
				identifiersSent: identifiers.map(identifierName),
				rejections: [],
			};
		},

		// The identity is the identifiers' JSON; the wrapper and the consent add under 160 bytes.
		rowBytes: (row) => row.prepared.identity.length + 160,

		async send(target, batches, operation, runStartedAt, stream) {
			const client = await GoogleClient.create(
				ctx,
				googleCredentialName(ctx, target.items[0] ?? 0),
				retryPolicyFrom(options),
			);
			const destination: GoogleDestination = {
				operatingAccount: { accountType: 'GOOGLE_ADS', accountId: String(target.accountId) },
				...(client.loginAccount() ? { loginAccount: client.loginAccount() } : {}),
				productDestinationId: target.audienceId,
			};
			const result = await sendGoogleBatches(client, {
				operation,
				destination,
				batches,
				settled: stream?.settled,
				member: (row) => row.prepared.wire,
				requestConsent: defaultConsent === 'unspecified' ? undefined : googleConsent(defaultConsent, defaultConsent),
				concurrency: concurrencyFrom(options),
				runStartedAt,
			});
			const platformSummary: IDataObject = {
				requestIds: result.outcomes.flatMap((outcome) => (outcome.ok && outcome.requestId ? [outcome.requestId] : [])),
				...(result.removeAll ? { removeAll: result.removeAll } : {}),
				consentPolicy: operation === 'remove' ? 'all' : settings().policy,
			};
			return { outcomes: result.outcomes, platformSummary, finalFailure: result.removeAllFailure };
		},
	};
}
