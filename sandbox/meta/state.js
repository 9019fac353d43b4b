// @ts-check
'use strict';

/**
 * The emulated Meta side: ad accounts, customer-list custom audiences, their membership, upload and
 * replace sessions, status fields and the per-ad-account custom_audience call budget. Pure state
 * and rules; ./graph.js maps HTTP requests onto it.
 */

const {
	GraphError,
	invalidParam,
	tosNotAccepted,
	audienceDeleted,
	updateFailed,
} = require('./errors');

/**
 * @typedef {Object} AdAccountConfig
 * @property {string} id digits, without "act_"
 * @property {string} name
 * @property {boolean} tosAccepted Custom Audience terms accepted
 * @property {string} [currency]
 */

/**
 * @typedef {Object} MetaOptions
 * @property {string[]} tokens accepted access tokens
 * @property {string | undefined} appSecret when set, every request needs a valid appsecret_proof
 * @property {AdAccountConfig[]} adAccounts
 * @property {number} minDeliverySize matched people needed for delivery_status 200
 * @property {number} maxRowsPerRequest
 * @property {number} maxBodyBytes larger bodies get Graph's HTML 413 page
 * @property {number} maxUrlBytes longer URLs get an HTML 414 page
 * @property {number} pageSizeDefault
 * @property {number} callsPerHour custom_audience call budget per ad account (rolling hour)
 * @property {number} maxAudiencesPerAccount
 * @property {number} replaceSessionMinutes
 */

/**
 * @typedef {Object} Membership
 * @property {Set<number>} members matched person ids
 * @property {Set<string>} unmatched fingerprints of received rows that matched nobody
 * @property {Map<string, number | string>} externIds EXTERN_ID → person id or fingerprint
 */

/**
 * @typedef {Object} UploadSession
 * @property {string} id
 * @property {string} audienceId
 * @property {'users' | 'replace'} kind
 * @property {number} startTime ms
 * @property {number | null} endTime ms
 * @property {number} received
 * @property {number} invalid
 * @property {number} matched
 * @property {boolean} finished
 * @property {boolean} timedOut
 * @property {number | undefined} estimatedTotal
 * @property {Membership | null} target the membership being built (replace sessions only)
 */

/**
 * @typedef {Object} Audience
 * @property {string} id
 * @property {string} accountId
 * @property {string} name
 * @property {string | undefined} description
 * @property {string} subtype CUSTOM (customer list); other subtypes only through seedAudiences
 * @property {string | undefined} customerFileSource customer lists only
 * @property {number} retentionDays 0 = forever
 * @property {boolean} isValueBased
 * @property {number} timeCreated unix seconds
 * @property {number} timeUpdated unix seconds
 * @property {number} timeContentUpdated unix seconds
 * @property {boolean} deleted
 * @property {Membership} membership
 * @property {string | null} dataSubType data_source.sub_type fixed by the first upload
 * @property {{ received: number, invalid: number, matched: number } | null} lastUpload
 * @property {UploadSession | null} replace the open replace session
 * @property {number | null} [operationOverride] an operation_status set by the admin route (flagged, expiring, replace failed)
 */

/**
 * @typedef {Object} SessionSpec
 * @property {string} sessionId
 * @property {number} batchSeq
 * @property {boolean} lastBatch
 * @property {number | undefined} estimatedTotal
 */

/**
 * @typedef {Object} UploadResult
 * @property {string} audience_id
 * @property {string} session_id
 * @property {number} num_received
 * @property {number} num_invalid_entries
 * @property {Record<string, string>} invalid_entry_samples
 */

const CUSTOMER_FILE_SOURCES = [
	'USER_PROVIDED_ONLY',
	'PARTNER_PROVIDED_ONLY',
	'BOTH_USER_AND_PARTNER_PROVIDED',
];

/** Subtypes an audience can be seeded with (seedAudiences); the API creates CUSTOM only. */
const SEEDED_SUBTYPES = ['CUSTOM', 'WEBSITE', 'APP', 'ENGAGEMENT', 'LOOKALIKE'];

const OPERATION_STATUS = /** @type {Record<number, string>} */ ({
	200: 'Normal',
	410: 'No upload: no customer list has been uploaded to this audience yet.',
	411: 'Low match rate: fewer than 30% of the valid entries of the last upload matched people on Facebook.',
	412: 'High rate of invalid entries: more than 50% of the entries of the last upload were invalid.',
	414: 'Replace in progress: this audience is being replaced; do not add or remove users until it completes.',
	100: 'Expiring: this audience has not been used in an active ad set for more than two years and will be deleted.',
	415: 'Replace failed: the last replace of this audience did not complete.',
	471: 'This audience has been flagged for integrity reasons.',
	500: 'Error: this audience needs action.',
});

const DELIVERY_READY = 'This audience is ready for use.';
const DELIVERY_TOO_SMALL =
	'This audience is too small to be used. Your audience is smaller than it should be, so it is currently inactive and cannot be used. Add more people to it.';

/** @returns {Membership} */
const emptyMembership = () => ({ members: new Set(), unmatched: new Set(), externIds: new Map() });

/**
 * Documented rounding of approximate counts: lower bound = matched people rounded down to two
 * significant digits (0 stays 0, 57 stays 57, 1234 → 1200); upper bound = ceil(lower × 1.1),
 * which is always ≥ the true count.
 * @param {number} matched
 * @returns {{ lower: number, upper: number }}
 */
function approximateBounds(matched) {
	const unit = matched < 100 ? 1 : 10 ** (String(matched).length - 2);
	const lower = Math.floor(matched / unit) * unit;
	// × 1.1 in integers (lower * 1.1 in floating point gives 110.00000000000001 for 100).
	return { lower, upper: Math.ceil((lower * 11) / 10) };
}

class MetaState {
	/**
	 * @param {MetaOptions} options
	 * @param {import('../population').Population} population
	 * @param {{ now(): number }} clock
	 */
	constructor(options, population, clock) {
		this.options = options;
		this.population = population;
		this.clock = clock;
		/** @type {Map<string, AdAccountConfig & { tosAccepted: boolean }>} */
		this.adAccounts = new Map();
		/** @type {Map<string, Audience>} */
		this.audiences = new Map();
		/** @type {Map<string, Map<string, UploadSession>>} ad account → session id → session */
		this.sessions = new Map();
		/** @private @type {Map<string, Map<number, number>>} ad account → minute → calls */
		this.usage = new Map();
		/** @private */
		this.audienceSeq = 0;
		/** @private */
		this.sessionSeq = 0;
		this.reset();
	}

	reset() {
		this.adAccounts.clear();
		for (const a of this.options.adAccounts) this.adAccounts.set(a.id, { ...a });
		this.audiences.clear();
		this.sessions.clear();
		this.usage.clear();
		this.audienceSeq = 0;
		this.sessionSeq = 0;
	}

	/** @returns {number} unix seconds on the sandbox clock */
	nowSeconds() {
		return Math.floor(this.clock.now() / 1000);
	}

	/**
	 * Sets what Meta decides on its own (admin route, tests): 471 flagged, 100 expiring, 415 replace
	 * failed, 500 error; null gives the computed operation_status back.
	 * @param {string} audienceId
	 * @param {number | null} code
	 */
	setOperationStatus(audienceId, code) {
		const audience = this.liveAudience(audienceId);
		if (code !== null && !OPERATION_STATUS[code]) throw new Error(`operation_status ${code} is not emulated`);
		audience.operationOverride = code;
	}

	/**
	 * @param {string} accountId
	 * @param {boolean} accepted
	 */
	setTosAccepted(accountId, accepted) {
		const account = this.adAccounts.get(accountId);
		if (!account) throw new Error(`unknown ad account ${accountId}`);
		account.tosAccepted = accepted;
	}

	// ---- call budget (X-Business-Use-Case-Usage, code 80003) ------------------------------------

	/**
	 * @private
	 * @param {string} accountId
	 * @returns {{ buckets: Map<number, number>, count: number, minute: number }}
	 */
	window(accountId) {
		const minute = Math.floor(this.clock.now() / 60000);
		let buckets = this.usage.get(accountId);
		if (!buckets) {
			buckets = new Map();
			this.usage.set(accountId, buckets);
		}
		let count = 0;
		for (const [m, n] of buckets) {
			if (m <= minute - 60) buckets.delete(m);
			else count += n;
		}
		return { buckets, count, minute };
	}

	/**
	 * @param {string} accountId
	 * @returns {{ callCount: number, regainMinutes: number }} call_count as % of the hourly budget
	 */
	usageOf(accountId) {
		const { buckets, count, minute } = this.window(accountId);
		let regainMinutes = 0;
		if (count >= this.options.callsPerHour) {
			// Blocked until enough old minutes leave the rolling hour.
			let left = count;
			for (const m of [...buckets.keys()].sort((a, b) => a - b)) {
				left -= buckets.get(m) ?? 0;
				if (left < this.options.callsPerHour) {
					regainMinutes = Math.max(1, m + 60 - minute);
					break;
				}
			}
		}
		return {
			callCount: Math.min(100, Math.round((count * 100) / this.options.callsPerHour)),
			regainMinutes,
		};
	}

	/**
	 * Counts one call against the ad account's hourly budget; throws 80003 when it is spent
	 * (a throttled call is not counted, so waiting the announced time is enough).
	 * @param {string} accountId
	 */
	chargeCall(accountId) {
		const { buckets, count, minute } = this.window(accountId);
		if (count >= this.options.callsPerHour) {
			throw new GraphError({
				message:
					'(#80003) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#custom-audience.',
				code: 80003,
				subcode: 2446079,
				isTransient: true,
			});
		}
		buckets.set(minute, (buckets.get(minute) ?? 0) + 1);
	}

	// ---- ad accounts and audiences -------------------------------------------------------------

	/**
	 * @param {string} accountId
	 */
	requireTos(accountId) {
		if (!this.adAccounts.get(accountId)?.tosAccepted) throw tosNotAccepted(accountId);
	}

	/**
	 * @param {string} accountId
	 * @param {Record<string, unknown>} params
	 * @returns {Audience}
	 */
	createAudience(accountId, params) {
		this.requireTos(accountId);
		const name = params.name;
		if (typeof name !== 'string' || name.trim() === '')
			throw invalidParam('The parameter name is required');
		if (params.subtype === undefined || params.subtype === '')
			throw invalidParam('The parameter subtype is required');
		if (params.subtype !== 'CUSTOM') {
			throw invalidParam(
				`The sandbox emulates customer-list audiences only: subtype must be CUSTOM (got ${String(params.subtype)})`,
			);
		}
		const source = params.customer_file_source;
		if (source === undefined || source === '') {
			throw invalidParam(
				`The parameter customer_file_source is required for customer list custom audiences (subtype CUSTOM): one of ${CUSTOMER_FILE_SOURCES.join(', ')}`,
			);
		}
		checkFileSource(source);
		const description = optionalString(params.description, 'description');
		const retentionDays =
			params.retention_days === undefined ? 0 : retention(params.retention_days);
		const isValueBased = bool(params.is_value_based, 'is_value_based') ?? false;

		// Meta documents the limit (500 customer-file custom audiences per ad account) but not the
		// error beyond it: code 100 with this message is the sandbox's model of it.
		const live = this.customerListCount(accountId);
		const max = this.options.maxAudiencesPerAccount;
		if (live >= max) {
			throw new GraphError({
				message: `(#100) Failed to create custom audience: ad account act_${accountId} already has ${live} customer list custom audiences, the maximum is ${max}. Delete audiences you no longer use and try again.`,
				code: 100,
				userTitle: 'Custom Audience Limit Reached',
				userMsg: `An ad account can have at most ${max} customer list custom audiences.`,
			});
		}
		return this.addAudience(accountId, {
			name,
			description,
			subtype: 'CUSTOM',
			customerFileSource: /** @type {string} */ (source),
			retentionDays,
			isValueBased,
		});
	}

	/**
	 * The account's live customer-list audiences (subtype CUSTOM): what the limit counts.
	 * @param {string} accountId
	 * @returns {number}
	 */
	customerListCount(accountId) {
		let live = 0;
		for (const a of this.audiences.values()) {
			if (a.accountId === accountId && !a.deleted && a.subtype === 'CUSTOM') live++;
		}
		return live;
	}

	/**
	 * Audiences an account already holds (tests, demos), without API calls: `count` of `subtype`,
	 * named "<namePrefix> 1", "<namePrefix> 2", …. Customer lists (CUSTOM) stay within
	 * maxAudiencesPerAccount; the other subtypes are listed and read, do not count against it, and
	 * take no uploads.
	 * @param {string} accountId
	 * @param {number} count
	 * @param {{ subtype?: string, namePrefix?: string }} [options]
	 * @returns {string[]} the new audience ids
	 */
	seedAudiences(accountId, count, options = {}) {
		if (!this.adAccounts.has(accountId)) throw new Error(`unknown ad account ${accountId}`);
		const subtype = options.subtype ?? 'CUSTOM';
		if (!SEEDED_SUBTYPES.includes(subtype))
			throw new Error(`subtype ${subtype} is not emulated: use one of ${SEEDED_SUBTYPES.join(', ')}`);
		if (!Number.isInteger(count) || count < 0) throw new Error('count must be an integer ≥ 0');
		const max = this.options.maxAudiencesPerAccount;
		if (subtype === 'CUSTOM' && this.customerListCount(accountId) + count > max)
			throw new Error(`ad account ${accountId} can hold at most ${max} customer list audiences`);
		const prefix = options.namePrefix ?? `Seeded ${subtype.toLowerCase()}`;
		const ids = [];
		for (let n = 1; n <= count; n++) {
			const audience = this.addAudience(accountId, {
				name: `${prefix} ${n}`,
				description: undefined,
				subtype,
				customerFileSource: subtype === 'CUSTOM' ? 'USER_PROVIDED_ONLY' : undefined,
				retentionDays: 0,
				isValueBased: false,
			});
			ids.push(audience.id);
		}
		return ids;
	}

	/**
	 * @private
	 * @param {string} accountId
	 * @param {Pick<Audience, 'name' | 'description' | 'subtype' | 'customerFileSource' | 'retentionDays' | 'isValueBased'>} fields
	 * @returns {Audience}
	 */
	addAudience(accountId, fields) {
		const now = this.nowSeconds();
		this.audienceSeq++;
		/** @type {Audience} */
		const audience = {
			id: `238500${String(this.audienceSeq).padStart(11, '0')}`,
			accountId,
			...fields,
			timeCreated: now,
			timeUpdated: now,
			timeContentUpdated: now,
			deleted: false,
			membership: emptyMembership(),
			dataSubType: null,
			lastUpload: null,
			replace: null,
		};
		this.audiences.set(audience.id, audience);
		return audience;
	}

	/**
	 * An audience that exists and is not deleted (after expiring a timed-out replace session).
	 * @param {string} id
	 * @returns {Audience}
	 */
	liveAudience(id) {
		const audience = this.audiences.get(id);
		if (!audience) throw new Error(`unknown audience ${id}`);
		if (audience.deleted) throw audienceDeleted(id);
		this.expireReplace(audience);
		return audience;
	}

	/**
	 * @param {Audience} audience
	 * @param {Record<string, unknown>} params
	 */
	updateAudience(audience, params) {
		this.requireTos(audience.accountId);
		if (params.name !== undefined) {
			if (typeof params.name !== 'string' || params.name.trim() === '')
				throw invalidParam('param name must be a non-empty string');
		}
		if (params.customer_file_source !== undefined) checkFileSource(params.customer_file_source);
		const description = optionalString(params.description, 'description');
		const retentionDays =
			params.retention_days === undefined ? undefined : retention(params.retention_days);

		if (typeof params.name === 'string') audience.name = params.name;
		if (description !== undefined) audience.description = description;
		if (typeof params.customer_file_source === 'string')
			audience.customerFileSource = params.customer_file_source;
		if (retentionDays !== undefined) audience.retentionDays = retentionDays;
		audience.timeUpdated = this.nowSeconds();
	}

	/**
	 * @param {Audience} audience
	 */
	deleteAudience(audience) {
		audience.deleted = true;
		audience.replace = null;
		audience.timeUpdated = this.nowSeconds();
	}

	/**
	 * @param {Audience} audience
	 */
	status(audience) {
		const matched = audience.membership.members.size;
		const { lower, upper } = approximateBounds(matched);
		let op = 200;
		const last = audience.lastUpload;
		if (audience.replace) op = 414;
		else if (!last) op = 410;
		else if (last.received > 0 && last.invalid / last.received > 0.5) op = 412;
		else if (
			last.received - last.invalid > 0 &&
			last.matched / (last.received - last.invalid) < 0.3
		)
			op = 411;
		if (audience.operationOverride) op = audience.operationOverride;
		const ready = matched >= this.options.minDeliverySize;
		return {
			lower,
			upper,
			operation: { code: op, description: OPERATION_STATUS[op] },
			delivery: ready
				? { code: 200, description: DELIVERY_READY }
				: { code: 300, description: DELIVERY_TOO_SMALL },
		};
	}

	// ---- membership ------------------------------------------------------------------------------

	/**
	 * POST or DELETE /{ca}/users.
	 * @param {Audience} audience
	 * @param {import('./payload').ParsedPayload} payload
	 * @param {'add' | 'remove'} op
	 * @param {SessionSpec | null} spec
	 * @returns {UploadResult}
	 */
	users(audience, payload, op, spec) {
		this.requireTos(audience.accountId);
		requireCustomerList(audience);
		if (audience.replace) {
			throw updateFailed(
				1870145,
				'Audience Update In Progress',
				'A replace session is in progress for this audience. Wait until it completes (operation_status back to 200) before adding or removing users.',
			);
		}
		if (op === 'add') this.checkDataSource(audience, payload);

		const session = spec
			? this.sessionFor(audience, spec, 'users')
			: this.newSession(audience, String(9_000_000_000_000 + ++this.sessionSeq), 'users');
		const before = sizeOf(audience.membership);
		const matched = this.apply(audience.membership, payload.rows, op);
		session.received += payload.received;
		session.invalid += payload.invalid;
		session.matched += matched;
		if (!spec || spec.lastBatch) {
			session.finished = true;
			session.endTime = this.clock.now();
		}
		if (op === 'add') {
			audience.lastUpload = {
				received: session.received,
				invalid: session.invalid,
				matched: session.matched,
			};
		}
		if (sizeOf(audience.membership) !== before) audience.timeContentUpdated = this.nowSeconds();
		return result(audience, session, payload);
	}

	/**
	 * POST /{ca}/usersreplace: batch_seq 1 starts a replace (operation_status 414), later batches
	 * add to the new member set, last_batch_flag swaps it in. Errors per Meta's guide (all #2650).
	 * @param {Audience} audience
	 * @param {import('./payload').ParsedPayload} payload
	 * @param {SessionSpec} spec
	 * @returns {UploadResult & { account_id: string }}
	 */
	usersReplace(audience, payload, spec) {
		this.requireTos(audience.accountId);
		requireCustomerList(audience);
		const existing = this.accountSessions(audience.accountId).get(spec.sessionId);
		if (existing && (existing.audienceId !== audience.id || existing.kind !== 'replace')) {
			throw invalidParam(
				`session_id ${spec.sessionId} is already used by another ${existing.kind === 'users' ? 'users upload' : 'custom audience'} in this ad account; use a new session_id for each replace`,
			);
		}
		if (existing?.finished) {
			throw existing.timedOut
				? updateFailed(
						1870158,
						'Replace Session Timed Out',
						'The replace session timed out after 90 minutes; the audience was replaced with the users uploaded until then. Continue with /users to add the rest.',
					)
				: updateFailed(
						1870159,
						'Replace Session Finished',
						'This replace session has already finished (it received last_batch_flag). Start a new session to replace again.',
					);
		}

		/** @type {UploadSession} */
		let session;
		if (spec.batchSeq === 1) {
			if (existing) {
				throw updateFailed(
					1870147,
					'Invalid Upload Batch For Replace',
					'batch_seq 1 was already received for this session: send it only once, then 2, 3, …',
				);
			}
			if (audience.replace) {
				throw updateFailed(
					1870145,
					'Audience Update In Progress',
					'Another replace session is in progress for this audience. Only one replace at a time; wait until it completes.',
				);
			}
			session = this.newSession(audience, spec.sessionId, 'replace');
			session.target = emptyMembership();
			session.estimatedTotal = spec.estimatedTotal;
			audience.replace = session;
		} else {
			if (!existing) {
				throw updateFailed(
					1870147,
					'Invalid Upload Batch For Replace',
					'The first batch of this replace session (batch_seq 1) was not received. A replace session starts with batch_seq 1.',
				);
			}
			session = existing;
		}

		const target = /** @type {Membership} */ (session.target);
		session.matched += this.apply(target, payload.rows, 'add');
		session.received += payload.received;
		session.invalid += payload.invalid;
		if (spec.lastBatch) this.finishReplace(audience, session, false);
		return { ...result(audience, session, payload), account_id: audience.accountId };
	}

	/**
	 * Sessions over their 90 minutes end on their own: the audience gets what was uploaded.
	 * Evaluated lazily (no timers) on every access to the audience.
	 * @param {Audience} audience
	 */
	expireReplace(audience) {
		const session = audience.replace;
		if (
			session &&
			this.clock.now() - session.startTime > this.options.replaceSessionMinutes * 60000
		) {
			this.finishReplace(audience, session, true);
		}
	}

	/**
	 * @param {Audience} audience
	 * @returns {UploadSession[]} newest first
	 */
	sessionsOf(audience) {
		return [...this.accountSessions(audience.accountId).values()]
			.filter((s) => s.audienceId === audience.id)
			.sort((a, b) => b.startTime - a.startTime);
	}

	/**
	 * @private
	 * @param {Audience} audience
	 * @param {UploadSession} session
	 * @param {boolean} timedOut
	 */
	finishReplace(audience, session, timedOut) {
		audience.membership = /** @type {Membership} */ (session.target);
		session.target = null;
		session.finished = true;
		session.timedOut = timedOut;
		session.endTime = this.clock.now();
		audience.replace = null;
		audience.lastUpload = {
			received: session.received,
			invalid: session.invalid,
			matched: session.matched,
		};
		audience.timeContentUpdated = this.nowSeconds();
	}

	/**
	 * @private
	 * @param {string} accountId
	 * @returns {Map<string, UploadSession>}
	 */
	accountSessions(accountId) {
		let map = this.sessions.get(accountId);
		if (!map) {
			map = new Map();
			this.sessions.set(accountId, map);
		}
		return map;
	}

	/**
	 * @private
	 * @param {Audience} audience
	 * @param {string} id
	 * @param {'users' | 'replace'} kind
	 * @returns {UploadSession}
	 */
	newSession(audience, id, kind) {
		/** @type {UploadSession} */
		const session = {
			id,
			audienceId: audience.id,
			kind,
			startTime: this.clock.now(),
			endTime: null,
			received: 0,
			invalid: 0,
			matched: 0,
			finished: false,
			timedOut: false,
			estimatedTotal: undefined,
			target: null,
		};
		this.accountSessions(audience.accountId).set(id, session);
		return session;
	}

	/**
	 * A /users session: session ids are unique within the ad account.
	 * @private
	 * @param {Audience} audience
	 * @param {SessionSpec} spec
	 * @param {'users'} kind
	 * @returns {UploadSession}
	 */
	sessionFor(audience, spec, kind) {
		const existing = this.accountSessions(audience.accountId).get(spec.sessionId);
		if (existing && (existing.audienceId !== audience.id || existing.kind !== kind)) {
			throw invalidParam(
				`session_id ${spec.sessionId} is already used by another ${existing.kind === 'replace' ? 'replace session' : 'custom audience'} in this ad account; session ids must be unique within an ad account`,
			);
		}
		const session = existing ?? this.newSession(audience, spec.sessionId, kind);
		if (spec.estimatedTotal !== undefined) session.estimatedTotal = spec.estimatedTotal;
		return session;
	}

	/**
	 * @private
	 * @param {Audience} audience
	 * @param {import('./payload').ParsedPayload} payload
	 */
	checkDataSource(audience, payload) {
		if (audience.dataSubType === null) audience.dataSubType = payload.subType;
		else if (audience.dataSubType !== payload.subType) {
			throw updateFailed(
				undefined,
				'Data Source Mismatch',
				`This audience was created from data source FILE_IMPORTED.${audience.dataSubType}, which does not support data source FILE_IMPORTED.${payload.subType}.`,
			);
		}
	}

	/**
	 * @private
	 * @param {Membership} target
	 * @param {import('./payload').ParsedRow[]} rows
	 * @param {'add' | 'remove'} op
	 * @returns {number} rows that matched a person
	 */
	apply(target, rows, op) {
		let matched = 0;
		for (const row of rows) {
			const onlyExternId = row.externId !== undefined && Object.keys(row.values).length === 1;
			const id = onlyExternId ? -1 : this.population.match(row.values);
			if (id >= 0) matched++;
			/** @type {number | string} */
			const token = id >= 0 ? id : row.fingerprint;
			if (op === 'add') {
				if (typeof token === 'number') target.members.add(token);
				else target.unmatched.add(token);
				if (row.externId !== undefined) target.externIds.set(row.externId, token);
			} else {
				/** @type {Array<number | string | undefined>} */
				const tokens = onlyExternId ? [] : [token];
				if (row.externId !== undefined) {
					tokens.push(target.externIds.get(row.externId));
					target.externIds.delete(row.externId);
				}
				for (const t of tokens) {
					if (typeof t === 'number') target.members.delete(t);
					else if (t !== undefined) target.unmatched.delete(t);
				}
			}
		}
		return matched;
	}
}

/**
 * @param {Membership} m
 * @returns {number}
 */
const sizeOf = (m) => m.members.size + m.unmatched.size;

/**
 * @param {Audience} audience
 * @param {UploadSession} session
 * @param {import('./payload').ParsedPayload} payload
 * @returns {UploadResult}
 */
function result(audience, session, payload) {
	return {
		audience_id: audience.id,
		session_id: session.id,
		num_received: session.received,
		num_invalid_entries: session.invalid,
		invalid_entry_samples: payload.samples,
	};
}

/**
 * Only customer lists take uploads; the message is the sandbox's model (Meta's own is not documented).
 * @param {Audience} audience
 */
function requireCustomerList(audience) {
	if (audience.subtype !== 'CUSTOM') {
		throw invalidParam(
			`Audience ${audience.id} is a ${audience.subtype} custom audience: users can be added or removed on customer list custom audiences (subtype CUSTOM) only`,
		);
	}
}

/**
 * @param {unknown} source
 */
function checkFileSource(source) {
	if (typeof source !== 'string' || !CUSTOMER_FILE_SOURCES.includes(source)) {
		throw invalidParam(
			`param customer_file_source must be one of {${CUSTOMER_FILE_SOURCES.join(', ')}}`,
		);
	}
}

/**
 * @param {unknown} value
 * @param {string} name
 * @returns {string | undefined}
 */
function optionalString(value, name) {
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw invalidParam(`param ${name} must be a string`);
	return value;
}

/**
 * @param {unknown} value
 * @returns {number}
 */
function retention(value) {
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\d+$/.test(value)
				? Number(value)
				: NaN;
	if (!Number.isInteger(n) || n < 1 || n > 180)
		throw invalidParam('param retention_days must be an integer between 1 and 180');
	return n;
}

/**
 * @param {unknown} value
 * @param {string} name
 * @returns {boolean | undefined}
 */
function bool(value, name) {
	if (value === undefined) return undefined;
	if (value === true || value === 'true' || value === 1 || value === '1') return true;
	if (value === false || value === 'false' || value === 0 || value === '0') return false;
	throw invalidParam(`param ${name} must be a boolean`);
}

module.exports = { MetaState, approximateBounds, bool };
