import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { googleAccountParameter, googleCredentialName, googleUserListParameter } from '../../shared/context';
import type { GoogleUserIdentifier } from '../../shared/identifiers';
import { buildGoogleMember, GOOGLE_MAX_IDENTIFIERS_PER_MEMBER } from '../../shared/identifiers';
import type { ConsentState } from '../../shared/members/consent';
import { consentState } from '../../shared/members/consent';
import { readPath } from '../../shared/members/fields';
import type { GoogleDestination, GoogleMember } from '../../shared/platforms/google/members';
import {
	GOOGLE_MAX_BODY_BYTES,
	GOOGLE_MAX_MEMBERS_PER_REQUEST,
	googleConsent,
	sendGoogleBatches,
} from '../../shared/platforms/google/members';
import { GoogleClient } from '../../shared/platforms/google/transport';
import type { UploadAdapter, UploadOptions, UploadTarget } from './pipeline';
import {
	concurrencyFrom,
	groupTargets,
	invalidContact,
	isPerItemParameter,
	retryPolicyFrom,
} from './pipeline';

const IDENTIFIER_NAMES: Record<string, string> = {
	emailAddress: 'emailAddress',
	phoneNumber: 'phoneNumber',
	address: 'address',
};

function identifierName(identifier: GoogleUserIdentifier): string {
	return Object.keys(identifier).find((key) => key in IDENTIFIER_NAMES) ?? 'unknown';
}

export function googleUploadAdapter(
	ctx: IExecuteFunctions,
	options: UploadOptions,
	operation: 'add' | 'remove' | 'replace',
): UploadAdapter<GoogleMember> {
	const consentPolicy =
		operation === 'remove' ? 'all' : (ctx.getNodeParameter('consentPolicy', 0, 'granted') as string);
	const adUserDataField = (ctx.getNodeParameter('adUserDataConsentField', 0, '') as string).trim();
	const adPersonalizationField = (ctx.getNodeParameter('adPersonalizationConsentField', 0, '') as string).trim();
	const defaultConsent = (options.defaultConsent ?? 'unspecified') as ConsentState;
	const stateOf = (json: Record<string, unknown>, field: string): ConsentState => {
		if (!field) return defaultConsent;
		const value = readPath(json, field);
		return value === undefined || value === null || value === '' ? defaultConsent : consentState(value);
	};

	return {
		platform: 'google',
		maxRowsPerRequest: GOOGLE_MAX_MEMBERS_PER_REQUEST,
		maxBodyBytes: GOOGLE_MAX_BODY_BYTES,
		replaceNotice:
			'The members already ingested stay in the list; because not every batch was accepted, nobody was removed (removeAll was not called). Run Replace All again.',

		targets(itemCount) {
			const targetOf = (i: number): UploadTarget => {
				const accountId = googleAccountParameter(ctx, i);
				const audienceId = googleUserListParameter(ctx, i);
				return { key: `${accountId}/${audienceId}`, audienceId, accountId, items: [] };
			};
			return groupTargets(
				itemCount,
				isPerItemParameter(ctx, 'googleAccountId') || isPerItemParameter(ctx, 'userList'),
				targetOf,
			);
		},

		consentSkip(json) {
			if (consentPolicy !== 'granted') return undefined;
			const adUserData = stateOf(json, adUserDataField);
			const adPersonalization = stateOf(json, adPersonalizationField);
			if (adUserData === 'granted' && adPersonalization === 'granted') return undefined;
			const missing = [
				adUserData === 'granted' ? undefined : `ad user data ${adUserData}`,
				adPersonalization === 'granted' ? undefined : `ad personalization ${adPersonalization}`,
			].filter(Boolean);
			return {
				status: 'skipped',
				reason: 'no_consent',
				message: `Google needs both consents granted (${missing.join(', ')}); nothing was sent`,
			};
		},

		prepare(json, contact, op) {
			const member = buildGoogleMember(contact, { defaultCountry: options.defaultCountry });
			const rejections = [...member.rejections];
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
			const identifiers = member.identifiers.slice(0, GOOGLE_MAX_IDENTIFIERS_PER_MEMBER);
			const wire: GoogleMember = { compositeData: { userData: { userIdentifiers: identifiers } } };
			if (op !== 'remove' && (adUserDataField || adPersonalizationField || defaultConsent !== 'unspecified')) {
				wire.consent = googleConsent(stateOf(json, adUserDataField), stateOf(json, adPersonalizationField));
			}
			return {
				ok: true,
				row: {
					key: JSON.stringify(wire),
					wire,
					identifiersSent: identifiers.map(identifierName),
					rejections,
				},
			};
		},

		// The key is the member's JSON already, so its length is the member's share of the body.
		rowBytes: (row) => row.prepared.key.length + 2,

		async send(target, batches, op, runStartedAt) {
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
				operation: op,
				destination,
				batches,
				member: (row) => row.prepared.wire,
				requestConsent:
					defaultConsent === 'unspecified' ? undefined : googleConsent(defaultConsent, defaultConsent),
				concurrency: concurrencyFrom(options),
				runStartedAt,
			});
			const platformSummary: IDataObject = {
				requestIds: result.outcomes.flatMap((outcome) => (outcome.ok && outcome.requestId ? [outcome.requestId] : [])),
				...(result.removeAll ? { removeAll: result.removeAll } : {}),
				consentPolicy,
			};
			return { outcomes: result.outcomes, platformSummary, finalFailure: result.removeAllFailure };
		},
	};
}
