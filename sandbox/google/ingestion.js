// @ts-check
'use strict';

/**
 * The service-side checks of audienceMembers:ingest, :remove and :removeAll, after the spec
 * checks of ./validate.js: limits, destinations (accounts, login account, user list), encoding and
 * hashes, address parts, terms of service, consent. No partial failure: any violation fails the
 * whole request. What passes is turned into matched members for GoogleState.submit().
 */

const { badField, invalidArgument, permissionDenied } = require('./errors');
const { parseTimestamp, SCHEMAS } = require('./validate');

const MAX_DESTINATIONS = 10;
const MAX_MEMBERS = 10_000;
const MAX_IDENTIFIERS = 10;
const HEX_64 = /^[0-9a-f]{64}$/;
const LOOKS_HASHED = /^[0-9a-fA-F]{64}$/;
const POSTAL = /^[A-Za-z0-9][A-Za-z0-9 -]{0,15}$/;
/** The oneof AudienceMember.data, from the spec. */
const DATA_FIELDS = /** @type {Record<string, { fields: string[] }>} */ (
	SCHEMAS.AudienceMember['x-oneofs']
).data.fields;

/** @typedef {import('./errors').FieldViolation} FieldViolation */

/**
 * @param {'ingest' | 'remove' | 'removeAll'} kind
 * @param {Record<string, any>} request validated request (lowerCamelCase)
 * @param {import('./state').GoogleState} state
 * @param {number} now ms, sandbox clock
 * @param {FieldViolation[]} [specViolations] from the spec check: reported together with these
 * @returns {{ dataType: 'compositeData' | 'userData' | null,
 *   destinations: import('./state').PreparedDestination[],
 *   members: import('./state').PreparedMember[], removeAsOf?: number }}
 */
function prepareIngestion(kind, request, state, now, specViolations = []) {
	/** @type {FieldViolation[]} */
	const violations = [...specViolations];
	const flag = (
		/** @type {string} */ field,
		/** @type {string} */ reason,
		/** @type {string} */ description,
	) => violations.push({ field, reason, description });

	/** @type {Array<Record<string, any>>} */
	const destinations = request.destinations ?? [];
	if (destinations.length > MAX_DESTINATIONS) {
		flag(
			'destinations',
			'TOO_MANY_DESTINATIONS',
			`At most ${MAX_DESTINATIONS} destinations can be sent in one request; this one has ${destinations.length}.`,
		);
	}
	/** @type {Map<string, number>} */
	const references = new Map();
	destinations.forEach((d, i) => {
		const at = `destinations[${i}]`;
		if (d.reference) {
			if (references.has(d.reference))
				flag(
					`${at}.reference`,
					'DUPLICATE_DESTINATION_REFERENCE',
					`Destination reference "${d.reference}" is used twice.`,
				);
			else references.set(d.reference, i);
		}
		for (const role of ['operatingAccount', 'loginAccount', 'linkedAccount']) {
			const account = d[role];
			if (!account) continue;
			const accountAt = `${at}.${role.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
			if (account.product && account.accountType && account.product !== account.accountType) {
				flag(
					`${accountAt}.product`,
					'INVALID_ARGUMENT',
					'product (deprecated) and account_type must match when both are set.',
				);
			}
			if (account.accountId && !/^\d+$/.test(account.accountId)) {
				flag(
					`${accountAt}.account_id`,
					'INVALID_FORMAT',
					`account_id must be the account's digits without dashes; got "${account.accountId}".`,
				);
			}
		}
		if (d.productDestinationId && !/^\d+$/.test(d.productDestinationId)) {
			flag(
				`${at}.product_destination_id`,
				'INVALID_USER_LIST_ID',
				`product_destination_id must be a user list id (digits); got "${d.productDestinationId}".`,
			);
		}
	});

	/** @type {import('./state').PreparedMember[]} */
	const prepared = [];
	/** @type {Set<string>} */
	const dataTypes = new Set();
	const encoding =
		request.encoding && request.encoding !== 'ENCODING_UNSPECIFIED' ? request.encoding : null;
	let encodingFlagged = false;

	if (kind !== 'removeAll') {
		/** @type {Array<Record<string, any>>} */
		const members = request.audienceMembers ?? [];
		if (members.length > MAX_MEMBERS) {
			flag(
				'audience_members',
				'TOO_MANY_AUDIENCE_MEMBERS',
				`At most ${MAX_MEMBERS} audience members can be sent in one request; this one has ${members.length}.`,
			);
		} else {
			members.forEach((m, i) => {
				const at = `audience_members[${i}]`;
				const set = DATA_FIELDS.filter((f) => m[f] !== undefined);
				if (set.length === 0) {
					flag(
						at,
						'REQUIRED_FIELD_MISSING',
						'The member has no data: set composite_data.user_data (or user_data).',
					);
					return;
				}
				if (set.length > 1) return; // the oneof violation is already reported
				const type = set[0];
				dataTypes.add(type);
				if (type !== 'compositeData' && type !== 'userData') {
					flag(
						at,
						'INVALID_USER_LIST_TYPE',
						`A Customer Match (CONTACT_ID) list takes user data (composite_data.user_data or user_data), not ${type.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}.`,
					);
					return;
				}
				const userData = type === 'userData' ? m.userData : m.compositeData.userData;
				const dataAt = type === 'userData' ? `${at}.user_data` : `${at}.composite_data.user_data`;
				if (!userData) {
					flag(dataAt, 'REQUIRED_FIELD_MISSING', 'A Customer Match member needs user_data.');
					return;
				}
				if (!encoding && !encodingFlagged) {
					flag(
						'encoding',
						'REQUIRED_FIELD_MISSING',
						'encoding (HEX or BASE64) is required for user data.',
					);
					encodingFlagged = true;
				}
				/** @type {Array<Record<string, any>>} */
				const identifiers = userData.userIdentifiers ?? [];
				if (identifiers.length > MAX_IDENTIFIERS) {
					flag(
						`${dataAt}.user_identifiers`,
						'TOO_MANY_USER_IDENTIFIERS',
						`At most ${MAX_IDENTIFIERS} user identifiers per member; this one has ${identifiers.length}.`,
					);
				}
				/** @type {import('../population').GoogleMatchKeys & { emails: string[], phones: string[], addresses: any[] }} */
				const keys = { emails: [], phones: [], addresses: [] };
				const counts = { EMAIL: 0, PHONE_NUMBER: 0, ADDRESS: 0 };
				identifiers.forEach((id, j) => {
					const idAt = `${dataAt}.user_identifiers[${j}]`;
					const hashed = (/** @type {unknown} */ value, /** @type {string} */ fieldAt) =>
						typeof value === 'string' && encoding
							? checkHash(value, encoding, fieldAt, flag)
							: null;
					if (id.emailAddress !== undefined) {
						counts.EMAIL++;
						const h = hashed(id.emailAddress, `${idAt}.email_address`);
						if (h) keys.emails.push(h);
					} else if (id.phoneNumber !== undefined) {
						counts.PHONE_NUMBER++;
						const h = hashed(id.phoneNumber, `${idAt}.phone_number`);
						if (h) keys.phones.push(h);
					} else if (id.address !== undefined) {
						counts.ADDRESS++;
						const a = id.address;
						const aAt = `${idAt}.address`;
						const given = a.givenName ? hashed(a.givenName, `${aAt}.given_name`) : null;
						const family = a.familyName ? hashed(a.familyName, `${aAt}.family_name`) : null;
						const region = a.regionCode
							? checkRegion(a.regionCode, `${aAt}.region_code`, flag)
							: null;
						const postal = a.postalCode
							? checkPostal(a.postalCode, `${aAt}.postal_code`, flag)
							: null;
						if (given && family && region && postal)
							keys.addresses.push({
								givenName: given,
								familyName: family,
								regionCode: region,
								postalCode: postal,
							});
					}
				});
				/** @type {number[] | null} */
				let targets = null;
				if (m.destinationReferences?.length) {
					targets = [];
					m.destinationReferences.forEach((/** @type {string} */ ref, /** @type {number} */ j) => {
						const index = references.get(ref);
						if (index === undefined)
							flag(
								`${at}.destination_references[${j}]`,
								'INVALID_ARGUMENT',
								`No destination of the request has reference "${ref}".`,
							);
						else /** @type {number[]} */ (targets).push(index);
					});
				}
				prepared.push({
					personId: violations.length ? -1 : state.population.matchGoogle(keys),
					consent: kind === 'ingest' ? effectiveConsent(request.consent, m.consent) : 'granted',
					destinations: targets,
					counts,
				});
			});
			if (dataTypes.size > 1) {
				flag(
					'audience_members',
					'MULTIPLE_DATA_TYPES_NOT_ALLOWED',
					`All members of a request must carry the same kind of data; this one mixes ${[...dataTypes].join(', ')}.`,
				);
			}
		}
	}
	if (violations.length) throw invalidArgument(violations);

	/** @type {import('./state').PreparedDestination[]} */
	const resolved = destinations.map((d, i) => {
		const at = `destinations[${i}]`;
		const operating = d.operatingAccount;
		if (
			operating.accountType !== 'GOOGLE_ADS' ||
			(d.loginAccount && d.loginAccount.accountType !== 'GOOGLE_ADS')
		) {
			throw badField(
				at,
				'INVALID_DESTINATION',
				'The sandbox emulates Google Ads destinations only (account_type GOOGLE_ADS).',
			);
		}
		if (d.linkedAccount) {
			throw badField(
				`${at}.linked_account`,
				'INVALID_DESTINATION',
				'linked_account is for data partners; the sandbox does not emulate it.',
			);
		}
		const account = state.requireAccess(operating.accountId, d.loginAccount?.accountId);
		if (!state.liveList(account.id, d.productDestinationId)) {
			throw badField(
				`${at}.product_destination_id`,
				'INVALID_USER_LIST_ID',
				`User list ${d.productDestinationId} does not exist in Google Ads account ${account.id}.`,
			);
		}
		if (kind !== 'removeAll' && !account.customerMatchAllowed) {
			throw permissionDenied(
				`Google Ads account ${account.id} is not allowed to use Customer Match.`,
				'NOT_ALLOWLISTED',
			);
		}
		return { destination: d, accountId: account.id, listId: d.productDestinationId };
	});

	if (
		kind === 'ingest' &&
		request.termsOfService?.customerMatchTermsOfServiceStatus !== 'ACCEPTED'
	) {
		throw badField(
			'terms_of_service.customer_match_terms_of_service_status',
			'TERMS_AND_CONDITIONS_NOT_SIGNED',
			'The Customer Match terms of service must be accepted (terms_of_service.customer_match_terms_of_service_status: ACCEPTED) to ingest user data.',
		);
	}
	if (request.encryptionInfo) {
		throw badField(
			'encryption_info',
			'INVALID_ARGUMENT',
			'The sandbox does not emulate encrypted user data: send hashed identifiers without encryption_info.',
		);
	}
	/** @type {number | undefined} */
	let removeAsOf;
	if (kind === 'removeAll') {
		removeAsOf =
			request.removeAsOfTime === undefined ? now : parseTimestamp(request.removeAsOfTime);
		if (removeAsOf > now) {
			throw badField(
				'remove_as_of_time',
				'INVALID_REMOVE_AS_OF_TIME',
				`remove_as_of_time (${request.removeAsOfTime}) must not be in the future (now ${new Date(now).toISOString()}).`,
			);
		}
	}
	const type = [...dataTypes][0];
	return {
		dataType: type === 'compositeData' || type === 'userData' ? type : null,
		destinations: resolved,
		members: prepared,
		removeAsOf,
	};
}

/**
 * A hashed value under the request's encoding → lowercase hex SHA-256, or null (flagged).
 * @param {string} value
 * @param {string} encoding HEX | BASE64
 * @param {string} at
 * @param {(field: string, reason: string, description: string) => void} flag
 * @returns {string | null}
 */
function checkHash(value, encoding, at, flag) {
	if (value === '') {
		flag(at, 'REQUIRED_FIELD_MISSING', 'The value is empty.');
		return null;
	}
	if (encoding === 'HEX') {
		if (!/^[0-9a-f]*$/.test(value) || value.length % 2 !== 0) {
			flag(
				at,
				'INVALID_HEX_ENCODING',
				'Not lowercase hex: normalize the value, hash it with SHA-256 and send the 64 lowercase hex characters.',
			);
			return null;
		}
		if (!HEX_64.test(value)) {
			flag(
				at,
				'INVALID_SHA256_FORMAT',
				`Not a SHA-256 hash: ${value.length / 2} bytes instead of 32.`,
			);
			return null;
		}
		return value;
	}
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) && !/^[A-Za-z0-9_-]*={0,2}$/.test(value)) {
		flag(at, 'INVALID_BASE64_ENCODING', 'Not base64.');
		return null;
	}
	const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
	if (bytes.length !== 32) {
		flag(at, 'INVALID_SHA256_FORMAT', `Not a SHA-256 hash: ${bytes.length} bytes instead of 32.`);
		return null;
	}
	return bytes.toString('hex');
}

/**
 * @param {string} value
 * @param {string} at
 * @param {(field: string, reason: string, description: string) => void} flag
 * @returns {string | null}
 */
function checkRegion(value, at, flag) {
	if (/^[A-Z]{2}$/.test(value)) return value;
	flag(
		at,
		'INVALID_REGION_CODE',
		LOOKS_HASHED.test(value)
			? 'region_code must not be hashed: send the ISO 3166-1 alpha-2 code, e.g. "US".'
			: `region_code must be an ISO 3166-1 alpha-2 code in uppercase, e.g. "US"; got "${value}".`,
	);
	return null;
}

/**
 * @param {string} value
 * @param {string} at
 * @param {(field: string, reason: string, description: string) => void} flag
 * @returns {string | null}
 */
function checkPostal(value, at, flag) {
	if (LOOKS_HASHED.test(value)) {
		flag(
			at,
			'INVALID_POSTAL_CODE',
			'postal_code must not be hashed: send it as written, e.g. "94045".',
		);
		return null;
	}
	if (!POSTAL.test(value.trim())) {
		flag(at, 'INVALID_POSTAL_CODE', `Not a postal code: "${value}".`);
		return null;
	}
	return value.trim();
}

/**
 * Member consent overrides request consent field by field; a member is added only when both
 * ad_user_data and ad_personalization are CONSENT_GRANTED.
 * @param {Record<string, string> | undefined} requestConsent
 * @param {Record<string, string> | undefined} memberConsent
 * @returns {'granted' | 'denied' | 'none'}
 */
function effectiveConsent(requestConsent, memberConsent) {
	const pick = (/** @type {'adUserData' | 'adPersonalization'} */ key) => {
		const own = memberConsent?.[key];
		return own && own !== 'CONSENT_STATUS_UNSPECIFIED'
			? own
			: (requestConsent?.[key] ?? 'CONSENT_STATUS_UNSPECIFIED');
	};
	const values = [pick('adUserData'), pick('adPersonalization')];
	if (values.includes('CONSENT_DENIED')) return 'denied';
	return values.every((v) => v === 'CONSENT_GRANTED') ? 'granted' : 'none';
}

module.exports = { prepareIngestion, effectiveConsent };
