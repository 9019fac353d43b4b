// @ts-check
'use strict';

/**
 * The emulated Google side: Google Ads accounts (with their manager and Customer Match
 * permissions), Customer Match user lists and their members, the asynchronous processing of
 * ingest / remove / removeAll requests on the sandbox clock, request statuses, and the per-minute
 * project quotas. Pure state and rules; ./api.js maps HTTP requests onto it.
 */

const { randomUUID } = require('node:crypto');
const { GoogleError, badField, invalidArgument, notFound, permissionDenied } = require('./errors');
const { parseDuration, toSnake } = require('./validate');

const SECONDS_PER_DAY = 86_400;
const MAX_MEMBERSHIP_DAYS = 540;
const LIST_PAGE_DEFAULT = 50;
const LIST_PAGE_MAX = 1000;
/** Below this many processed records an upload's match rate is MATCH_RATE_RANGE_NOT_ELIGIBLE. */
const MATCH_RATE_MIN_RECORDS = 10;
const GMAIL = /@(gmail|googlemail)\.com$/;

/**
 * @typedef {Object} GoogleAccountConfig
 * @property {string} id digits, no dashes
 * @property {string} name
 * @property {boolean} [customerMatchAllowed] default true; false: ingest / remove get 403 NOT_ALLOWLISTED
 * @property {string[]} [managerIds] accounts that may be the login account for this one
 * @property {boolean} [accessible] default true: the credentials have direct access to it
 */

/** @typedef {Required<GoogleAccountConfig>} GoogleAccount */

/**
 * @typedef {Object} GoogleStateOptions
 * @property {GoogleAccountConfig[]} accounts
 * @property {number} processingDelayMs
 * @property {number} minServingSize
 * @property {number} requestsPerMinute
 */

/**
 * @typedef {Object} UserListRecord
 * @property {string} id
 * @property {string} accountId
 * @property {string} displayName
 * @property {string} description
 * @property {string} integrationCode
 * @property {string} membershipStatus OPEN | CLOSED
 * @property {string | null} closingReason why a CLOSED list was closed (UNUSED), set by the admin route
 * @property {string} accountAccessStatus
 * @property {number} membershipSeconds
 * @property {boolean} searchOptIn false once a client wrote targetNetworkInfo.eligibleForSearch: false
 * @property {string} dataSourceType
 * @property {Map<number, number>} members person id → when last added (ms, sandbox clock)
 * @property {number} gmailMembers members with a gmail.com / googlemail.com address
 * @property {number | null} matchRatePercentage of the latest completed ingest with processed records
 * @property {boolean} deleted
 */

/**
 * @typedef {Object} PreparedMember
 * @property {number} personId -1: matches nobody
 * @property {'granted' | 'denied' | 'none'} consent both GRANTED / one DENIED / otherwise
 * @property {number[] | null} destinations indexes into the request's destinations; null = all
 * @property {{ EMAIL: number, PHONE_NUMBER: number, ADDRESS: number }} counts identifiers by type
 */

/**
 * @typedef {Object} PreparedDestination
 * @property {Record<string, unknown>} destination as sent (normalized to lowerCamelCase)
 * @property {string} accountId
 * @property {string} listId
 */

/**
 * @typedef {Object} DestinationResult
 * @property {'SUCCESS' | 'PARTIAL_SUCCESS' | 'FAILED'} status
 * @property {number} records
 * @property {number} processed consent granted
 * @property {number} matched
 * @property {Record<string, number>} errors ProcessingErrorReason → records
 */

/**
 * @typedef {Object} IngestionRequest
 * @property {string} id
 * @property {'ingest' | 'remove' | 'removeAll'} kind
 * @property {number} seq
 * @property {number} receivedAt ms, sandbox clock (the "added" time of ingested members)
 * @property {number} readyAt
 * @property {'compositeData' | 'userData' | null} dataType
 * @property {PreparedDestination[]} destinations
 * @property {PreparedMember[]} members dropped once applied
 * @property {Array<{ records: number, counts: PreparedMember['counts'] }>} totals per destination
 * @property {number} removeAsOf removeAll only
 * @property {DestinationResult[] | null} results null while PROCESSING
 */

/**
 * @param {number} percent
 * @returns {string}
 */
function matchRateRange(percent) {
	if (percent < 20) return 'MATCH_RATE_RANGE_LESS_THAN_20';
	if (percent <= 30) return 'MATCH_RATE_RANGE_20_TO_30';
	for (let upper = 40; upper <= 90; upper += 10) {
		if (percent <= upper) return `MATCH_RATE_RANGE_${upper - 9}_TO_${upper}`;
	}
	return 'MATCH_RATE_RANGE_91_TO_100';
}

/** Fields of a UserList a PATCH may change (snake_case mask paths). */
const UPDATABLE = {
	display_name: 'displayName',
	description: 'description',
	membership_duration: 'membershipDuration',
	membership_status: 'membershipStatus',
	integration_code: 'integrationCode',
	account_access_status: 'accountAccessStatus',
	target_network_info: 'targetNetworkInfo',
	'target_network_info.eligible_for_search': 'targetNetworkInfo.eligibleForSearch',
};
const IMMUTABLE_PREFIX = 'ingested_user_list_info';
const OUTPUT_ONLY = [
	'name',
	'id',
	'read_only',
	'size_info',
	'access_reason',
	'closing_reason',
	'target_network_info.eligible_for_display',
];

class GoogleState {
	/**
	 * @param {GoogleStateOptions} options
	 * @param {import('../population').Population} population
	 * @param {{ now(): number }} clock
	 */
	constructor(options, population, clock) {
		this.options = options;
		this.population = population;
		this.clock = clock;
		/** @type {import('../audit').PrivacyAudit | undefined} told of every member ingested */
		this.audit = undefined;
		/** @type {Map<string, GoogleAccount>} */
		this.accounts = new Map();
		/** @type {Map<string, UserListRecord>} list id → list (deleted ones stay, flagged) */
		this.userLists = new Map();
		/** @type {Map<string, IngestionRequest>} */
		this.ingestions = new Map();
		/** @private @type {Map<string, { minute: number, count: number }>} quota name → this minute's calls */
		this.quota = new Map();
		/** @private */
		this.listSeq = 0;
		/** @private */
		this.requestSeq = 0;
		this.reset();
	}

	reset() {
		this.accounts.clear();
		for (const a of this.options.accounts) {
			this.accounts.set(a.id, {
				id: a.id,
				name: a.name,
				customerMatchAllowed: a.customerMatchAllowed ?? true,
				managerIds: [...(a.managerIds ?? [])],
				accessible: a.accessible ?? true,
			});
		}
		this.userLists.clear();
		this.ingestions.clear();
		this.quota.clear();
		this.listSeq = 0;
		this.requestSeq = 0;
	}

	/**
	 * Changes an account's switches (admin route, tests).
	 * @param {string} id
	 * @param {{ customerMatchAllowed?: boolean, accessible?: boolean, name?: string, managerIds?: string[] }} patch
	 * @returns {GoogleAccount}
	 */
	setAccount(id, patch) {
		const account = this.accounts.get(id);
		if (!account) throw new Error(`unknown Google Ads account ${id}`);
		if (patch.customerMatchAllowed !== undefined)
			account.customerMatchAllowed = Boolean(patch.customerMatchAllowed);
		if (patch.accessible !== undefined) account.accessible = Boolean(patch.accessible);
		if (typeof patch.name === 'string') account.name = patch.name;
		if (Array.isArray(patch.managerIds)) account.managerIds = patch.managerIds.map(String);
		return account;
	}

	// ---- quotas ------------------------------------------------------------------------------------

	/**
	 * Counts one call against a per-minute project quota (fixed minutes of the sandbox clock); a
	 * throttled call is not counted. Throws 429 RESOURCE_EXHAUSTED.
	 * @param {string} quotaName e.g. IngestionMutateRequestsPerMinutePerProject
	 */
	chargeQuota(quotaName) {
		const minute = Math.floor(this.clock.now() / 60_000);
		let bucket = this.quota.get(quotaName);
		if (!bucket || bucket.minute !== minute) {
			bucket = { minute, count: 0 };
			this.quota.set(quotaName, bucket);
		}
		const limit = this.options.requestsPerMinute;
		if (bucket.count >= limit) {
			throw new GoogleError({
				httpStatus: 429,
				message: `Quota exceeded for quota metric 'Requests' and limit '${quotaName}' of service 'datamanager.googleapis.com' for consumer 'project_number:100000000001'.`,
				reason: 'RESOURCE_EXHAUSTED',
				metadata: {
					quota_limit: quotaName,
					quota_limit_value: String(limit),
					quota_location: 'global',
					consumer: 'projects/100000000001',
					service: 'datamanager.googleapis.com',
				},
			});
		}
		bucket.count++;
	}

	// ---- accounts -----------------------------------------------------------------------------------

	/**
	 * Whether the caller may act on `operatingId`, directly or through `loginId` (a manager of it).
	 * @param {string} operatingId
	 * @param {string | undefined} loginId
	 * @returns {GoogleAccount}
	 */
	requireAccess(operatingId, loginId) {
		const operating = this.accounts.get(operatingId);
		const denied = () =>
			permissionDenied(
				`The caller does not have permission: the credentials have no access to Google Ads account ${operatingId}.`,
			);
		if (!operating) throw denied();
		if (loginId === undefined || loginId === operatingId) {
			if (!operating.accessible) throw denied();
			return operating;
		}
		const login = this.accounts.get(loginId);
		if (!login || !login.accessible) {
			throw permissionDenied(
				`The caller does not have permission: the credentials have no access to the login account ${loginId}.`,
			);
		}
		if (!operating.managerIds.includes(loginId)) {
			throw permissionDenied(
				`The login account ${loginId} does not manage the operating account ${operatingId}.`,
				'OPERATING_ACCOUNT_LOGIN_ACCOUNT_MISMATCH',
			);
		}
		return operating;
	}

	// ---- user lists ----------------------------------------------------------------------------------

	/**
	 * @param {string} accountId
	 * @param {string} listId
	 * @returns {UserListRecord | undefined} a live list of that account
	 */
	liveList(accountId, listId) {
		const list = this.userLists.get(listId);
		return list && !list.deleted && list.accountId === accountId ? list : undefined;
	}

	/**
	 * @param {string} accountId
	 * @param {string} listId
	 * @returns {UserListRecord}
	 */
	requireList(accountId, listId) {
		const list = this.liveList(accountId, listId);
		if (!list) {
			throw notFound(
				`Requested entity was not found: user list accountTypes/GOOGLE_ADS/accounts/${accountId}/userLists/${listId}.`,
			);
		}
		return list;
	}

	/**
	 * @param {string} accountId
	 * @param {Record<string, any>} body validated UserList (lowerCamelCase)
	 * @param {boolean} validateOnly
	 * @returns {Record<string, unknown>} the UserList view
	 */
	createUserList(accountId, body, validateOnly) {
		/** @type {import('./errors').FieldViolation[]} */
		const violations = [];
		const displayName = typeof body.displayName === 'string' ? body.displayName : '';
		if (displayName.trim() === '') {
			violations.push({
				field: 'user_list.display_name',
				reason: 'REQUIRED_FIELD_MISSING',
				description: 'Required field is missing.',
			});
		} else if (this.nameTaken(accountId, displayName, null)) {
			violations.push(duplicateName(displayName));
		}
		const membershipSeconds =
			body.membershipDuration === undefined
				? MAX_MEMBERSHIP_DAYS * SECONDS_PER_DAY
				: checkDuration(body.membershipDuration, violations);
		const info = body.ingestedUserListInfo;
		let dataSourceType = 'DATA_SOURCE_TYPE_FIRST_PARTY';
		if (!info) {
			violations.push({
				field: 'user_list.ingested_user_list_info',
				reason: 'INVALID_USER_LIST_TYPE',
				description:
					'The sandbox emulates Customer Match lists only: set ingested_user_list_info with upload_key_types ["CONTACT_ID"].',
			});
		} else {
			checkUploadKeys(info, violations);
			const source = info.contactIdInfo?.dataSourceType;
			if (source && source !== 'DATA_SOURCE_TYPE_UNSPECIFIED') dataSourceType = source;
		}
		if (violations.length) throw invalidArgument(violations);

		/** @type {UserListRecord} */
		const list = {
			id: validateOnly ? '' : String(9_100_000_000 + ++this.listSeq),
			accountId,
			displayName,
			description: body.description ?? '',
			integrationCode: body.integrationCode ?? '',
			membershipStatus: body.membershipStatus === 'CLOSED' ? 'CLOSED' : 'OPEN',
			closingReason: null,
			accountAccessStatus:
				body.accountAccessStatus && body.accountAccessStatus !== 'ACCESS_STATUS_UNSPECIFIED'
					? body.accountAccessStatus
					: 'ENABLED',
			membershipSeconds,
			searchOptIn: body.targetNetworkInfo?.eligibleForSearch !== false,
			dataSourceType,
			members: new Map(),
			gmailMembers: 0,
			matchRatePercentage: null,
			deleted: false,
		};
		if (validateOnly) {
			const view = this.view(list);
			delete view.name;
			delete view.id;
			return view;
		}
		this.userLists.set(list.id, list);
		return this.view(list);
	}

	/**
	 * @private
	 * @param {string} accountId
	 * @param {string} name
	 * @param {string | null} exceptId
	 */
	nameTaken(accountId, name, exceptId) {
		for (const l of this.userLists.values()) {
			if (!l.deleted && l.accountId === accountId && l.displayName === name && l.id !== exceptId)
				return true;
		}
		return false;
	}

	/**
	 * ListUserLists: ids ascending, opaque page tokens bound to the filter.
	 * @param {string} accountId
	 * @param {{ pageSize?: number, pageToken?: string, filter?: string }} params
	 * @returns {{ userLists?: Record<string, unknown>[], nextPageToken?: string }}
	 */
	listUserLists(accountId, params) {
		if (params.pageSize !== undefined && params.pageSize < 0)
			throw badField('page_size', 'INVALID_ARGUMENT', 'page_size must not be negative.');
		const size = Math.min(params.pageSize || LIST_PAGE_DEFAULT, LIST_PAGE_MAX);
		const filter = params.filter ?? '';
		const matches = parseFilter(filter);
		let after = 0;
		if (params.pageToken) {
			const token = decodePageToken(params.pageToken);
			if (!token) throw badField('page_token', 'INVALID_ARGUMENT', 'Invalid page token.');
			if (token.f !== filter)
				throw badField(
					'page_token',
					'INVALID_ARGUMENT',
					'The page token does not match the other parameters of the request (filter).',
				);
			after = token.a;
		}
		const all = [...this.userLists.values()]
			.filter((l) => !l.deleted && l.accountId === accountId && Number(l.id) > after)
			.sort((a, b) => Number(a.id) - Number(b.id))
			.map((l) => this.view(l))
			.filter(matches);
		const page = all.slice(0, size);
		/** @type {{ userLists?: Record<string, unknown>[], nextPageToken?: string }} */
		const out = {};
		if (page.length) out.userLists = page;
		if (all.length > size)
			out.nextPageToken = encodePageToken(Number(page[page.length - 1].id), filter);
		return out;
	}

	/**
	 * UpdateUserList (PATCH with an update mask; without one, every field present in the body).
	 * @param {UserListRecord} list
	 * @param {Record<string, any>} body validated partial UserList
	 * @param {string | undefined} updateMask
	 * @param {boolean} validateOnly
	 * @returns {Record<string, unknown>}
	 */
	updateUserList(list, body, updateMask, validateOnly) {
		const name = `accountTypes/GOOGLE_ADS/accounts/${list.accountId}/userLists/${list.id}`;
		if (body.name !== undefined && body.name !== name) {
			throw badField(
				'user_list.name',
				'INVALID_ARGUMENT',
				`The name in the body (${String(body.name)}) does not match the URL (${name}).`,
			);
		}
		const masked = updateMask !== undefined && updateMask.trim() !== '';
		/** @type {string[]} */
		let paths;
		if (masked) {
			paths = /** @type {string} */ (updateMask)
				.split(',')
				.map((p) => p.trim())
				.filter(Boolean)
				.map((p) => p.split('.').map(toSnake).join('.'));
		} else {
			paths = [];
			for (const key of Object.keys(body)) {
				if (key === 'targetNetworkInfo') {
					if (body.targetNetworkInfo.eligibleForSearch !== undefined)
						paths.push('target_network_info.eligible_for_search');
				} else paths.push(toSnake(key));
			}
		}
		/** @type {import('./errors').FieldViolation[]} */
		const violations = [];
		const next = { ...list };
		for (const p of paths) {
			if (p === IMMUTABLE_PREFIX || p.startsWith(`${IMMUTABLE_PREFIX}.`)) {
				const info = body.ingestedUserListInfo;
				const same =
					info &&
					JSON.stringify([...new Set(info.uploadKeyTypes ?? [])]) ===
						JSON.stringify(['CONTACT_ID']) &&
					[undefined, list.dataSourceType].includes(info.contactIdInfo?.dataSourceType);
				if (!same || masked) {
					violations.push({
						field: `user_list.${p}`,
						reason: 'INVALID_ARGUMENT',
						description: 'ingested_user_list_info is immutable.',
					});
				}
				continue;
			}
			if (OUTPUT_ONLY.includes(p) || OUTPUT_ONLY.some((o) => p.startsWith(`${o}.`))) {
				// Without a mask, output-only fields of a fetched list sent back as they are are ignored.
				if (masked)
					violations.push({
						field: `user_list.${p}`,
						reason: 'INVALID_ARGUMENT',
						description: `${p} is output only and cannot be updated.`,
					});
				continue;
			}
			if (!Object.hasOwn(UPDATABLE, p)) {
				violations.push({
					field: 'update_mask',
					reason: 'INVALID_ARGUMENT',
					description: `Unknown field in the update mask: ${p}.`,
				});
				continue;
			}
			switch (p) {
				case 'display_name': {
					const value = typeof body.displayName === 'string' ? body.displayName : '';
					if (value.trim() === '')
						violations.push({
							field: 'user_list.display_name',
							reason: 'REQUIRED_FIELD_MISSING',
							description: 'Required field is missing.',
						});
					else if (this.nameTaken(list.accountId, value, list.id))
						violations.push(duplicateName(value));
					else next.displayName = value;
					break;
				}
				case 'description':
					next.description = body.description ?? '';
					break;
				case 'integration_code':
					next.integrationCode = body.integrationCode ?? '';
					break;
				case 'membership_duration':
					next.membershipSeconds =
						body.membershipDuration === undefined
							? MAX_MEMBERSHIP_DAYS * SECONDS_PER_DAY
							: checkDuration(body.membershipDuration, violations);
					break;
				case 'membership_status':
					next.membershipStatus = body.membershipStatus === 'CLOSED' ? 'CLOSED' : 'OPEN';
					if (next.membershipStatus === 'OPEN') next.closingReason = null;
					break;
				case 'account_access_status':
					next.accountAccessStatus =
						body.accountAccessStatus && body.accountAccessStatus !== 'ACCESS_STATUS_UNSPECIFIED'
							? body.accountAccessStatus
							: 'ENABLED';
					break;
				default:
					next.searchOptIn = body.targetNetworkInfo?.eligibleForSearch !== false;
			}
		}
		if (violations.length) throw invalidArgument(violations);
		if (!validateOnly) Object.assign(list, next);
		return this.view(validateOnly ? next : list);
	}

	/**
	 * @param {UserListRecord} list
	 * @param {boolean} validateOnly
	 */
	deleteUserList(list, validateOnly) {
		if (!validateOnly) {
			list.deleted = true;
			list.members.clear();
			list.gmailMembers = 0;
		}
	}

	/**
	 * The UserList resource. sizeInfo (int64 strings): display, search and YouTube = matched members;
	 * Gmail = matched members with a gmail.com / googlemail.com address. targetNetworkInfo: eligible
	 * from `minServingSize` matched members (search also needs the list not to have opted out).
	 * @param {UserListRecord} list
	 * @returns {Record<string, any>}
	 */
	view(list) {
		const matched = list.members.size;
		const serving = matched >= this.options.minServingSize;
		/** @type {Record<string, unknown>} */
		const contactIdInfo = { dataSourceType: list.dataSourceType };
		if (list.matchRatePercentage !== null)
			contactIdInfo.matchRatePercentage = list.matchRatePercentage;
		return {
			name: `accountTypes/GOOGLE_ADS/accounts/${list.accountId}/userLists/${list.id}`,
			id: list.id,
			displayName: list.displayName,
			...(list.description ? { description: list.description } : {}),
			membershipStatus: list.membershipStatus,
			...(list.membershipStatus === 'CLOSED' && list.closingReason ? { closingReason: list.closingReason } : {}),
			...(list.integrationCode ? { integrationCode: list.integrationCode } : {}),
			membershipDuration: `${list.membershipSeconds}s`,
			accessReason: 'OWNED',
			accountAccessStatus: list.accountAccessStatus,
			readOnly: false,
			ingestedUserListInfo: { uploadKeyTypes: ['CONTACT_ID'], contactIdInfo },
			sizeInfo: {
				displayNetworkMembersCount: String(matched),
				searchNetworkMembersCount: String(matched),
				youtubeMembersCount: String(matched),
				gmailMembersCount: String(list.gmailMembers),
			},
			targetNetworkInfo: {
				eligibleForDisplay: serving,
				eligibleForSearch: serving && list.searchOptIn,
			},
		};
	}

	// ---- ingestion -----------------------------------------------------------------------------------

	/**
	 * Queues a validated request; it is applied once `processingDelayMs` passed on the sandbox clock
	 * (at once when 0). Requests apply in the order they were received.
	 * @param {'ingest' | 'remove' | 'removeAll'} kind
	 * @param {{ dataType: IngestionRequest['dataType'], destinations: PreparedDestination[],
	 *   members: PreparedMember[], removeAsOf?: number }} prepared
	 * @returns {string} the request id
	 */
	submit(kind, prepared) {
		const now = this.clock.now();
		if (kind === 'ingest') for (const m of prepared.members) this.audit?.ingested(m.consent);
		const totals = prepared.destinations.map((_, di) => {
			const counts = { EMAIL: 0, PHONE_NUMBER: 0, ADDRESS: 0 };
			let records = 0;
			for (const m of prepared.members) {
				if (m.destinations !== null && !m.destinations.includes(di)) continue;
				records++;
				counts.EMAIL += m.counts.EMAIL;
				counts.PHONE_NUMBER += m.counts.PHONE_NUMBER;
				counts.ADDRESS += m.counts.ADDRESS;
			}
			return { records, counts };
		});
		/** @type {IngestionRequest} */
		const request = {
			id: randomUUID(),
			kind,
			seq: ++this.requestSeq,
			receivedAt: now,
			readyAt: now + this.options.processingDelayMs,
			dataType: prepared.dataType,
			destinations: prepared.destinations,
			members: prepared.members,
			totals,
			removeAsOf: prepared.removeAsOf ?? now,
			results: null,
		};
		this.ingestions.set(request.id, request);
		this.settle();
		return request.id;
	}

	/** Applies every queued request whose time has come (called before anything reads state). */
	settle() {
		const now = this.clock.now();
		/** @type {IngestionRequest[]} */
		const due = [];
		for (const r of this.ingestions.values())
			if (r.results === null && r.readyAt <= now) due.push(r);
		due.sort((a, b) => a.readyAt - b.readyAt || a.seq - b.seq);
		for (const r of due) this.apply(r);
	}

	/** @returns {number} requests still PROCESSING */
	pendingCount() {
		let n = 0;
		for (const r of this.ingestions.values()) if (r.results === null) n++;
		return n;
	}

	/**
	 * @private
	 * @param {IngestionRequest} request
	 */
	apply(request) {
		request.results = request.destinations.map((d, di) => {
			const list = this.liveList(d.accountId, d.listId);
			const members = request.members.filter(
				(m) => m.destinations === null || m.destinations.includes(di),
			);
			/** @type {DestinationResult} */
			const result = {
				status: 'SUCCESS',
				records: members.length,
				processed: 0,
				matched: 0,
				errors: {},
			};
			if (!list) {
				// Deleted while the request was processing.
				if (members.length) result.errors.PROCESSING_ERROR_REASON_INTERNAL_ERROR = members.length;
				result.status = 'FAILED';
				return result;
			}
			if (request.kind === 'removeAll') {
				for (const [personId, addedAt] of list.members) {
					if (addedAt < request.removeAsOf) this.removeMember(list, personId);
				}
				return result;
			}
			for (const m of members) {
				if (request.kind === 'ingest' && m.consent !== 'granted') {
					const reason =
						m.consent === 'denied'
							? 'PROCESSING_ERROR_REASON_DENIED_CONSENT'
							: 'PROCESSING_ERROR_REASON_NO_CONSENT';
					result.errors[reason] = (result.errors[reason] ?? 0) + 1;
					continue;
				}
				result.processed++;
				if (m.personId < 0) continue;
				result.matched++;
				if (request.kind === 'ingest') {
					if (!list.members.has(m.personId) && this.isGmail(m.personId)) list.gmailMembers++;
					list.members.set(m.personId, request.receivedAt);
				} else this.removeMember(list, m.personId);
			}
			const failed = result.records - result.processed;
			if (failed > 0) result.status = failed === result.records ? 'FAILED' : 'PARTIAL_SUCCESS';
			if (request.kind === 'ingest' && result.processed > 0) {
				list.matchRatePercentage = Math.floor((result.matched * 100) / result.processed);
			}
			return result;
		});
		request.members = [];
	}

	/**
	 * @private
	 * @param {UserListRecord} list
	 * @param {number} personId
	 */
	removeMember(list, personId) {
		if (list.members.delete(personId) && this.isGmail(personId)) list.gmailMembers--;
	}

	/**
	 * @private
	 * @param {number} personId
	 */
	isGmail(personId) {
		return GMAIL.test(this.population.people[personId]?.email ?? '');
	}

	/**
	 * RetrieveRequestStatus.
	 * @param {string} requestId
	 * @returns {Record<string, unknown>}
	 */
	requestStatus(requestId) {
		this.settle();
		const request = this.ingestions.get(requestId);
		if (!request) {
			throw notFound(
				`Request ${requestId} was not found: statuses exist only for accepted ingest, remove and removeAll requests (not validate_only ones).`,
				'INVALID_REQUEST_ID',
			);
		}
		return {
			requestStatusPerDestination: request.destinations.map((d, di) => {
				const result = request.results?.[di];
				const { records, counts } = request.totals[di];
				/** @type {Record<string, unknown>} */
				const entry = {
					destination: d.destination,
					requestStatus: result ? result.status : 'PROCESSING',
				};
				if (result) {
					const errorCounts = Object.entries(result.errors).map(([reason, n]) => ({
						recordCount: String(n),
						reason,
					}));
					if (result.status !== 'SUCCESS') entry.errorInfo = { errorCounts };
					entry.warningInfo = {};
				}
				if (request.kind === 'removeAll') {
					entry.removeAllAudienceMembersStatus = {};
					return entry;
				}
				const identifiers = counts.EMAIL + counts.PHONE_NUMBER + counts.ADDRESS;
				/** @type {Record<string, unknown>} */
				const status = { recordCount: String(records) };
				if (request.dataType === 'compositeData') {
					status.dataTypeCounts = Object.entries(counts)
						.filter(([, n]) => n > 0)
						.map(([type, n]) => ({ type, count: String(n) }));
				} else status.userIdentifierCount = String(identifiers);
				if (request.kind === 'ingest') {
					if (result) {
						status.uploadMatchRateRange =
							result.processed < MATCH_RATE_MIN_RECORDS
								? 'MATCH_RATE_RANGE_NOT_ELIGIBLE'
								: matchRateRange(Math.floor((result.matched * 100) / result.processed));
					}
					entry.audienceMembersIngestionStatus = {
						[request.dataType === 'compositeData'
							? 'compositeDataIngestionStatus'
							: 'userDataIngestionStatus']: status,
					};
				} else {
					entry.audienceMembersRemovalStatus = {
						[request.dataType === 'compositeData'
							? 'compositeDataRemovalStatus'
							: 'userDataRemovalStatus']: status,
					};
				}
				return entry;
			}),
		};
	}
}

/**
 * @param {string} name
 * @returns {import('./errors').FieldViolation}
 */
const duplicateName = (name) => ({
	field: 'user_list.display_name',
	reason: 'DISPLAY_NAME_ALREADY_USED',
	description: `The account already has a user list named "${name}".`,
});

/**
 * membershipDuration: whole days, at most 540.
 * @param {string} duration proto Duration ("46656000s"), already well-formed
 * @param {import('./errors').FieldViolation[]} violations
 * @returns {number} seconds
 */
function checkDuration(duration, violations) {
	const parsed = parseDuration(duration);
	const field = 'user_list.membership_duration';
	if (
		!parsed ||
		parsed.seconds < 0 ||
		parsed.nanos !== 0 ||
		parsed.seconds % SECONDS_PER_DAY !== 0
	) {
		violations.push({
			field,
			reason: 'INVALID_ARGUMENT',
			description: `membership_duration must be a whole number of days (a multiple of 86400s); got ${duration}.`,
		});
		return 0;
	}
	if (parsed.seconds > MAX_MEMBERSHIP_DAYS * SECONDS_PER_DAY) {
		violations.push({
			field,
			reason: 'MEMBERSHIP_DURATION_TOO_LONG',
			description: `membership_duration is at most ${MAX_MEMBERSHIP_DAYS} days (${MAX_MEMBERSHIP_DAYS * SECONDS_PER_DAY}s); got ${duration}.`,
		});
		return 0;
	}
	return parsed.seconds;
}

/**
 * @param {Record<string, any>} info IngestedUserListInfo
 * @param {import('./errors').FieldViolation[]} violations
 */
function checkUploadKeys(info, violations) {
	const keys = [...new Set(/** @type {string[]} */ (info.uploadKeyTypes ?? []))];
	if (keys.length === 0) return; // REQUIRED_FIELD_MISSING already reported by the spec check
	if (keys.length !== 1 || keys[0] !== 'CONTACT_ID') {
		violations.push({
			field: 'user_list.ingested_user_list_info.upload_key_types',
			reason: 'UNSUPPORTED_USER_LIST_UPLOAD_KEY_TYPES',
			description: `The sandbox emulates CONTACT_ID (Customer Match contact info) lists only; got ${keys.join(', ')}.`,
		});
	}
	for (const other of [
		'mobileIdInfo',
		'userIdInfo',
		'pairIdInfo',
		'pseudonymousIdInfo',
		'partnerAudienceInfo',
	]) {
		if (info[other] !== undefined) {
			violations.push({
				field: `user_list.ingested_user_list_info.${toSnake(other)}`,
				reason: 'INVALID_ARGUMENT',
				description: `${toSnake(other)} does not apply to a CONTACT_ID list.`,
			});
		}
	}
}

// ---- ListUserLists filter (AIP-160 subset) ----------------------------------------------------------

/** Filterable fields: snake_case name → value of a UserList view. */
const FILTER_FIELDS = /** @type {Record<string, (v: Record<string, any>) => unknown>} */ ({
	id: (v) => v.id,
	display_name: (v) => v.displayName,
	description: (v) => v.description ?? '',
	membership_status: (v) => v.membershipStatus,
	integration_code: (v) => v.integrationCode ?? '',
	access_reason: (v) => v.accessReason,
	'ingested_user_list_info.upload_key_types': (v) => v.ingestedUserListInfo.uploadKeyTypes,
});

/**
 * @param {string} message
 * @returns {GoogleError}
 */
const filterError = (message) =>
	badField('filter', 'INVALID_ARGUMENT', `Invalid filter: ${message}`);

/**
 * Parses `display_name = "x"`, `display_name : "x"` (contains, case-insensitive), `!=`, `<`, `<=`,
 * `>`, `>=` (numeric for id), `IN(field, "a", "b")`, joined by AND. Fields in snake_case or
 * lowerCamelCase (not mixed).
 * @param {string} filter
 * @returns {(view: Record<string, any>) => boolean}
 */
function parseFilter(filter) {
	if (filter.trim() === '') return () => true;
	/** @type {Array<{ kind: 'word' | 'string' | 'op' | 'punct', text: string }>} */
	const tokens = [];
	const re = /\s*(?:("(?:[^"\\]|\\.)*")|(!=|<=|>=|=|<|>|:)|([(),])|([A-Za-z0-9_.\-+@]+))/gy;
	let m;
	let pos = 0;
	while (pos < filter.length) {
		re.lastIndex = pos;
		m = re.exec(filter);
		if (!m) {
			if (filter.slice(pos).trim() === '') break;
			throw filterError(`unexpected character at ${pos}`);
		}
		pos = re.lastIndex;
		if (m[1] !== undefined)
			tokens.push({ kind: 'string', text: m[1].slice(1, -1).replace(/\\(.)/g, '$1') });
		else if (m[2] !== undefined) tokens.push({ kind: 'op', text: m[2] });
		else if (m[3] !== undefined) tokens.push({ kind: 'punct', text: m[3] });
		else if (m[4] !== undefined) tokens.push({ kind: 'word', text: m[4] });
	}
	let i = 0;
	let sawCamel = false;
	let sawSnake = false;
	const field = () => {
		const t = tokens[i++];
		if (!t || t.kind !== 'word') throw filterError('expected a field name');
		if (/[A-Z]/.test(t.text)) sawCamel = true;
		if (t.text.includes('_')) sawSnake = true;
		const name = t.text.split('.').map(toSnake).join('.');
		const get = FILTER_FIELDS[name];
		if (!get)
			throw filterError(
				`unsupported field ${t.text}; use one of ${Object.keys(FILTER_FIELDS).join(', ')}`,
			);
		return { name, get };
	};
	const value = () => {
		const t = tokens[i++];
		if (!t || (t.kind !== 'string' && t.kind !== 'word')) throw filterError('expected a value');
		return t.text;
	};
	/** @type {Array<(view: Record<string, any>) => boolean>} */
	const terms = [];
	for (;;) {
		if (
			tokens[i]?.kind === 'word' &&
			tokens[i].text.toUpperCase() === 'IN' &&
			tokens[i + 1]?.text === '('
		) {
			i += 2;
			const f = field();
			/** @type {string[]} */
			const values = [];
			while (tokens[i]?.text === ',') {
				i++;
				values.push(value());
			}
			if (tokens[i++]?.text !== ')') throw filterError('expected ) after the IN values');
			terms.push((v) => {
				const actual = f.get(v);
				return Array.isArray(actual)
					? actual.some((a) => values.includes(String(a)))
					: values.includes(String(actual));
			});
		} else {
			const f = field();
			const op = tokens[i++];
			if (!op || op.kind !== 'op') throw filterError(`expected an operator after ${f.name}`);
			const expected = value();
			terms.push((v) => compare(f.get(v), op.text, expected, f.name === 'id'));
		}
		if (i >= tokens.length) break;
		if (tokens[i].kind === 'word' && tokens[i].text === 'AND') {
			i++;
			continue;
		}
		throw filterError(`expected AND, got ${tokens[i].text}`);
	}
	if (sawCamel && sawSnake) throw filterError("don't mix camel case and snake case field names");
	return (view) => terms.every((t) => t(view));
}

/**
 * @param {unknown} actual
 * @param {string} op
 * @param {string} expected
 * @param {boolean} numeric
 * @returns {boolean}
 */
function compare(actual, op, expected, numeric) {
	if (Array.isArray(actual)) {
		if (op === ':' || op === '=') return actual.includes(expected);
		if (op === '!=') return !actual.includes(expected);
		return false;
	}
	const a = String(actual ?? '');
	switch (op) {
		case '=':
			return a === expected;
		case '!=':
			return a !== expected;
		case ':':
			return a.toLowerCase().includes(expected.toLowerCase());
		default: {
			const [x, y] = numeric ? [Number(a), Number(expected)] : [a, expected];
			if (op === '<') return x < y;
			if (op === '<=') return x <= y;
			if (op === '>') return x > y;
			return x >= y;
		}
	}
}

/**
 * @param {number} after
 * @param {string} filter
 * @returns {string}
 */
function encodePageToken(after, filter) {
	return Buffer.from(JSON.stringify({ a: after, f: filter })).toString('base64url');
}

/**
 * @param {string} token
 * @returns {{ a: number, f: string } | null}
 */
function decodePageToken(token) {
	try {
		const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
		return v && typeof v.a === 'number' && typeof v.f === 'string' ? v : null;
	} catch {
		return null;
	}
}

module.exports = {
	GoogleState,
	matchRateRange,
	parseFilter,
	MATCH_RATE_MIN_RECORDS,
	MAX_MEMBERSHIP_DAYS,
};
