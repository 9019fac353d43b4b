import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { metaAudienceParameter, optionalMetaAdAccountParameter } from '../../shared/context';
import type { ContactIdentifiers, FieldRejection, MetaSchemaKey } from '../../shared/identifiers';
import { buildMetaRow, META_SCHEMA_ORDER } from '../../shared/identifiers';
import { planBatches } from '../../shared/members/batching';
import { consentState, isExcluded } from '../../shared/members/consent';
import { fieldText, readPath } from '../../shared/members/fields';
import type {
	LimitedDataUse,
	MetaBatchOutcome,
	MetaMemberOperation,
	MetaUploadRow,
} from '../../shared/platforms/meta/members';
import {
	invalidSampleValues,
	META_MAX_BODY_BYTES,
	META_MAX_ROWS_PER_REQUEST,
	metaPayload,
	metaRowBytes,
	newMetaSessionId,
	sendMetaBatches,
} from '../../shared/platforms/meta/members';
import { MetaClient } from '../../shared/platforms/meta/transport';
import { DEFAULT_RETRY_POLICY } from '../../shared/transport/retry';
import { IDENTIFIER_FIELDS } from './fields.description';

export type ContactStatus =
	| 'added'
	| 'removed'
	| 'skipped'
	| 'invalid'
	| 'failed'
	| 'would_add'
	| 'would_remove';

export interface ContactResult {
	status: ContactStatus;
	reason?: string;
	message?: string;
	identifiersSent?: MetaSchemaKey[];
	rejectedFields?: FieldRejection[];
	batch?: number;
	/** First input item with the same identifiers; the platform gets the row once. */
	sameAsItem?: number;
	wireValues?: Partial<Record<MetaSchemaKey, string>>;
}

export interface UploadOptions {
	defaultCountry?: string;
	limitedDataUse?: LimitedDataUse;
	batchSize?: number;
	parallelRequests?: number;
	summaryOnly?: boolean;
	dryRun?: boolean;
	includeInputData?: boolean;
	maxRetries?: number;
	maxWaitSeconds?: number;
}

const SUCCESS_STATUS: Record<MetaMemberOperation, ContactStatus> = {
	add: 'added',
	remove: 'removed',
	replace: 'added',
};

const DRY_RUN_STATUS: Record<MetaMemberOperation, ContactStatus> = {
	add: 'would_add',
	remove: 'would_remove',
	replace: 'would_add',
};

interface Group {
	adAccountId?: string;
	audienceId: string;
	items: number[];
}

/** Whether a parameter is set by an expression, i.e. may differ between items. */
function isPerItem(ctx: IExecuteFunctions, name: string): boolean {
	const raw = ctx.getNode().parameters[name] as unknown;
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	return typeof value === 'string' && value.startsWith('=');
}

/** Items grouped by target audience, reading the locators per item only when they vary. */
function groupByAudience(ctx: IExecuteFunctions, itemCount: number): Group[] {
	const perItem = isPerItem(ctx, 'audience') || isPerItem(ctx, 'adAccount');
	if (!perItem) {
		return [
			{
				adAccountId: optionalMetaAdAccountParameter(ctx, 0),
				audienceId: metaAudienceParameter(ctx, 0),
				items: Array.from({ length: itemCount }, (_, i) => i),
			},
		];
	}
	const groups = new Map<string, Group>();
	for (let i = 0; i < itemCount; i++) {
		const adAccountId = optionalMetaAdAccountParameter(ctx, i);
		const audienceId = metaAudienceParameter(ctx, i);
		const key = audienceId;
		const group = groups.get(key) ?? { adAccountId, audienceId, items: [] };
		group.items.push(i);
		groups.set(key, group);
	}
	return [...groups.values()];
}

interface Counters {
	[status: string]: number;
}

function countBy<T>(values: Iterable<T>, key: (value: T) => string | undefined): Counters {
	const counts: Counters = {};
	for (const value of values) {
		const k = key(value);
		if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
	}
	return counts;
}

export async function executeUpload(
	this: IExecuteFunctions,
	operation: MetaMemberOperation,
): Promise<INodeExecutionData[][]> {
	const started = Date.now();
	const items = this.getInputData();
	const options = this.getNodeParameter('options', 0, {}) as UploadOptions;
	const mapping = this.getNodeParameter('identifierFields', 0, {}) as Partial<
		Record<keyof ContactIdentifiers, string>
	>;
	const consentPolicy =
		operation === 'remove' ? 'all' : (this.getNodeParameter('consentPolicy', 0, 'granted') as string);
	const consentField =
		consentPolicy === 'granted' ? (this.getNodeParameter('consentField', 0, 'consent') as string).trim() : '';
	const exclusionField = (this.getNodeParameter('exclusionField', 0, '') as string).trim();
	if (consentPolicy === 'granted' && !consentField) {
		throw new NodeOperationError(this.getNode(), 'Set the Consent Field', {
			description:
				'Name the input field that says whether each contact agreed to ad targeting, or choose "All Contacts" if consent was collected elsewhere.',
		});
	}
	const batchSize = Math.min(
		META_MAX_ROWS_PER_REQUEST,
		Math.max(1, Math.floor(options.batchSize ?? META_MAX_ROWS_PER_REQUEST)),
	);
	const limitedDataUse = options.limitedDataUse ?? 'off';
	const dryRun = options.dryRun === true;
	const mappedFields = IDENTIFIER_FIELDS.map((field) => [field.key, mapping[field.key]?.trim()] as const).filter(
		(entry): entry is readonly [keyof ContactIdentifiers, string] => Boolean(entry[1]),
	);
	if (mappedFields.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Map at least one identifier field', {
			description: 'Add an identifier under "Identifier Fields", for example Email Field = email.',
		});
	}

	const results: ContactResult[] = new Array(items.length);
	const groups = groupByAudience(this, items.length);
	const summaries: IDataObject[] = [];

	for (const group of groups) {
		const groupStarted = Date.now();
		const rowsByKey = new Map<string, MetaUploadRow>();
		for (const i of group.items) {
			const json = items[i].json as Record<string, unknown>;
			if (exclusionField && isExcluded(readPath(json, exclusionField))) {
				results[i] = { status: 'skipped', reason: 'excluded', message: `Excluded by the "${exclusionField}" field; nothing was sent` };
				continue;
			}
			if (consentPolicy === 'granted') {
				const state = consentState(readPath(json, consentField));
				if (state !== 'granted') {
					results[i] = {
						status: 'skipped',
						reason: 'no_consent',
						message:
							state === 'denied'
								? `Consent is denied in "${consentField}"; nothing was sent`
								: `No granted consent in "${consentField}"; nothing was sent`,
					};
					continue;
				}
			}
			const contact: ContactIdentifiers = {};
			for (const [key, path] of mappedFields) contact[key] = fieldText(json, path);
			const row = buildMetaRow(contact, { defaultCountry: options.defaultCountry });
			if (!row.matchable) {
				const first = row.rejections[0];
				results[i] = {
					status: 'invalid',
					reason: first?.reason ?? 'no_identifiers',
					message: first
						? `No usable identifier: ${first.detail}`
						: 'No usable identifier: map an e-mail, phone, mobile advertiser ID or external ID, or first name + last name + postal code, city or birth year',
					rejectedFields: row.rejections,
				};
				continue;
			}
			const key = META_SCHEMA_ORDER.map((schemaKey) => row.values[schemaKey] ?? '').join('\u0001');
			const existing = rowsByKey.get(key);
			if (existing) {
				existing.items.push(i);
			} else {
				rowsByKey.set(key, { values: row.values, items: [i] });
			}
			results[i] = {
				status: DRY_RUN_STATUS[operation],
				identifiersSent: META_SCHEMA_ORDER.filter((schemaKey) => row.values[schemaKey] !== undefined),
				...(row.rejections.length ? { rejectedFields: row.rejections } : {}),
			};
		}

		const rows = [...rowsByKey.values()];
		for (const row of rows) {
			for (const duplicate of row.items.slice(1)) results[duplicate].sameAsItem = row.items[0];
		}
		const batches = planBatches(
			rows,
			{ maxRows: batchSize, maxBytes: META_MAX_BODY_BYTES },
			metaRowBytes,
			512,
		);
		if (operation === 'replace' && rows.length === 0 && !dryRun) {
			throw new NodeOperationError(
				this.getNode(),
				`Replace All stopped: no contact can be sent, so it would empty audience ${group.audienceId}`,
				{
					description: `Of ${group.items.length} input item(s), none has consent, is not excluded and carries a valid identifier. Check the Consent Field, the Exclusion Field and the Identifier Fields, or use Remove to take people out on purpose.`,
				},
			);
		}

		batches.forEach((batch, index) => {
			for (const row of batch) for (const i of row.items) results[i].batch = index + 1;
		});

		let outcomes: MetaBatchOutcome[] = [];
		const sessionId = newMetaSessionId();
		if (dryRun) {
			for (const row of rows) for (const i of row.items) results[i].wireValues = row.values;
		} else if (batches.length > 0) {
			const client = await MetaClient.create(this, {
				...DEFAULT_RETRY_POLICY,
				maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
				maxWaitMs: (options.maxWaitSeconds ?? DEFAULT_RETRY_POLICY.maxWaitMs / 1000) * 1000,
			});
			outcomes = await sendMetaBatches(client, {
				operation,
				audienceId: group.audienceId,
				adAccountId: group.adAccountId,
				batches,
				limitedDataUse,
				concurrency: Math.max(1, Math.min(5, options.parallelRequests ?? 2)),
				sessionId,
			});
			applyOutcomes(outcomes, results, operation);
		}

		const failedBatch = outcomes.find((outcome) => outcome.sent && !outcome.ok);
		if (failedBatch && failedBatch.sent && !failedBatch.ok && !this.continueOnFail()) {
			const sentOk = outcomes.filter((outcome) => outcome.ok);
			const contactsSent = sentOk.reduce((sum, outcome) => sum + outcome.rows.length, 0);
			const progress = `${sentOk.length} of ${batches.length} batch(es) were accepted (${contactsSent} distinct contacts); batch ${failedBatch.batchNumber} failed and later batches were not sent.${
				operation === 'replace'
					? ' The replace session stays open on Meta’s side; Meta closes it after 90 minutes with the batches it received.'
					: ''
			}`;
			const failure = failedBatch.failure;
			throw new NodeApiError(this.getNode(), { ...failure.details } as JsonObject, {
				message: failure.described.message,
				description: `${failure.described.description} ${progress} Turn on "Continue On Fail" (Settings → On Error) to get one result per contact instead.`,
				httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
			});
		}

		summaries.push(
			summarize(operation, group, results, rows, batches.length, outcomes, {
				dryRun,
				limitedDataUse,
				durationMs: Date.now() - groupStarted,
				sessionId: dryRun || batches.length === 0 ? undefined : sessionId,
				preview: dryRun && batches.length > 0 ? metaPayload(batches[0].slice(0, 3), limitedDataUse) : undefined,
			}),
		);
	}

	if (options.summaryOnly) {
		const pairedItem = items.map((_, i) => ({ item: i }));
		const json =
			summaries.length === 1
				? { ...summaries[0], durationMs: Date.now() - started }
				: { groups: summaries, durationMs: Date.now() - started };
		return [[{ json, pairedItem }]];
	}

	const audienceOf = new Map<number, string>();
	for (const group of groups) for (const i of group.items) audienceOf.set(i, group.audienceId);
	return [
		items.map((item, i) => ({
			json: {
				...results[i],
				operation,
				platform: 'meta',
				audienceId: audienceOf.get(i) ?? '',
				...(dryRun ? { dryRun: true } : {}),
				...(options.includeInputData ? { input: item.json } : {}),
			} as IDataObject,
			pairedItem: { item: i },
		})),
	];
}

function applyOutcomes(
	outcomes: MetaBatchOutcome[],
	results: ContactResult[],
	operation: MetaMemberOperation,
): void {
	for (const outcome of outcomes) {
		if (!outcome) continue;
		if (outcome.ok) {
			const rejectedValues = new Set(invalidSampleValues(outcome.response.invalid_entry_samples));
			for (const row of outcome.rows) {
				const rejected = rejectedValues.size > 0 && Object.values(row.values).some((value) => rejectedValues.has(value));
				for (const i of row.items) {
					if (rejected) {
						results[i].status = 'invalid';
						results[i].reason = 'rejected_by_platform';
						results[i].message = 'Meta listed this contact among the invalid entries of its batch';
					} else {
						results[i].status = SUCCESS_STATUS[operation];
					}
				}
			}
			continue;
		}
		const reason = outcome.sent ? outcome.failure.described.reason : 'not_sent';
		const message = outcome.sent
			? `${outcome.failure.described.message}. ${outcome.failure.described.description}`
			: `Not sent: ${outcome.skippedBecause}`;
		for (const row of outcome.rows) {
			for (const i of row.items) {
				results[i].status = 'failed';
				results[i].reason = reason;
				results[i].message = message;
			}
		}
	}
}

function summarize(
	operation: MetaMemberOperation,
	group: Group,
	results: ContactResult[],
	rows: MetaUploadRow[],
	batchCount: number,
	outcomes: MetaBatchOutcome[],
	extra: {
		dryRun: boolean;
		limitedDataUse: LimitedDataUse;
		durationMs: number;
		sessionId?: number;
		preview?: IDataObject;
	},
): IDataObject {
	const groupResults = group.items.map((i) => results[i]);
	const accepted = outcomes.filter((outcome) => outcome.ok);
	const samples: Record<string, string> = {};
	let numReceived = 0;
	let numInvalid = 0;
	for (const outcome of accepted) {
		if (!outcome.ok) continue;
		numReceived = Math.max(numReceived, outcome.response.num_received ?? 0);
		numInvalid += outcome.response.num_invalid_entries ?? 0;
		const raw = outcome.response.invalid_entry_samples;
		if (raw && !Array.isArray(raw)) {
			for (const [value, why] of Object.entries(raw)) {
				if (Object.keys(samples).length < 100) samples[value] = why;
			}
		}
	}
	return {
		operation,
		platform: 'meta',
		audienceId: group.audienceId,
		adAccountId: group.adAccountId ? `act_${group.adAccountId}` : null,
		dryRun: extra.dryRun,
		items: group.items.length,
		distinctContactsSent: extra.dryRun ? 0 : accepted.reduce((sum, outcome) => sum + outcome.rows.length, 0),
		distinctContacts: rows.length,
		duplicates: rows.reduce((sum, row) => sum + row.items.length - 1, 0),
		counts: countBy(groupResults, (result) => result.status),
		skippedByReason: countBy(
			groupResults.filter((result) => result.status === 'skipped'),
			(result) => result.reason,
		),
		invalidByReason: countBy(
			groupResults.filter((result) => result.status === 'invalid'),
			(result) => result.reason,
		),
		fieldRejections: countBy(
			groupResults.flatMap((result) => result.rejectedFields ?? []),
			(rejection) => rejection.reason,
		),
		batches: {
			total: batchCount,
			accepted: accepted.length,
			failed: outcomes.filter((outcome) => outcome && outcome.sent && !outcome.ok).length,
			notSent: extra.dryRun ? batchCount : outcomes.filter((outcome) => outcome && !outcome.sent).length,
		},
		meta: {
			num_received: numReceived,
			num_invalid_entries: numInvalid,
			invalid_entry_samples: samples,
			...(extra.sessionId ? { session_id: String(extra.sessionId) } : {}),
		},
		limitedDataUse: extra.limitedDataUse,
		...(extra.preview ? { requestPreview: extra.preview } : {}),
		durationMs: extra.durationMs,
	};
}
