import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ContactIdentifiers, FieldRejection } from '../../shared/identifiers';
import { sentences } from '../../shared/sentences';
import { planBatches } from '../../shared/members/batching';
import { isExcluded } from '../../shared/members/consent';
import { fieldText, readPath } from '../../shared/members/fields';
import type { PlatformFailure } from '../../shared/platforms/types';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../shared/transport/retry';
import { identifierMapping } from './fields.description';

export type MemberOperation = 'add' | 'remove' | 'replace';

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
	identifiersSent?: string[];
	rejectedFields?: FieldRejection[];
	batch?: number;
	/** Data Manager request that carried the contact (Google). */
	requestId?: string;
	/** First input item with the same identifiers; the platform gets the row once. */
	sameAsItem?: number;
	/** Dry run: what would go over the wire for this contact (hashed). */
	wireValues?: IDataObject;
}

export interface UploadOptions {
	defaultCountry?: string;
	limitedDataUse?: 'off' | 'geolocate' | 'california';
	defaultConsent?: 'unspecified' | 'granted' | 'denied';
	batchSize?: number;
	parallelRequests?: number;
	summaryOnly?: boolean;
	dryRun?: boolean;
	includeInputData?: boolean;
	maxRetries?: number;
	maxWaitSeconds?: number;
}

/** A contact ready to send: its wire form, and the key that makes identical contacts one row. */
export interface PreparedRow<W> {
	key: string;
	wire: W;
	identifiersSent: string[];
	rejections: FieldRejection[];
}

export interface UploadRow<W> {
	prepared: PreparedRow<W>;
	items: number[];
}

export type BatchOutcome<W> =
	| {
			batchNumber: number;
			rows: Array<UploadRow<W>>;
			sent: true;
			ok: true;
			requestId?: string;
			/** Keys of rows the platform listed as invalid. */
			rejectedKeys?: Set<string>;
	  }
	| { batchNumber: number; rows: Array<UploadRow<W>>; sent: true; ok: false; failure: PlatformFailure }
	| { batchNumber: number; rows: Array<UploadRow<W>>; sent: false; ok: false; skippedBecause: string };

export interface UploadTarget {
	key: string;
	audienceId: string;
	accountId?: string;
	items: number[];
}

export interface SendResult<W> {
	outcomes: Array<BatchOutcome<W>>;
	/** Platform figures for the summary. */
	platformSummary: IDataObject;
	/** A failure after the batches (Google's removeAll of a replace). */
	finalFailure?: PlatformFailure;
}

/** What differs between platforms; the pipeline does the rest the same way for both. */
export interface UploadAdapter<W> {
	platform: 'meta' | 'google';
	maxRowsPerRequest: number;
	maxBodyBytes: number;
	targets(itemCount: number): UploadTarget[];
	/** Add and Replace All: may this contact be sent? Returns a skip result when not. */
	consentSkip(json: Record<string, unknown>): ContactResult | undefined;
	prepare(
		json: Record<string, unknown>,
		contact: ContactIdentifiers,
		operation: MemberOperation,
	): { ok: true; row: PreparedRow<W> } | { ok: false; result: ContactResult };
	rowBytes(row: UploadRow<W>): number;
	send(
		target: UploadTarget,
		batches: Array<Array<UploadRow<W>>>,
		operation: MemberOperation,
		runStartedAt: Date,
	): Promise<SendResult<W>>;
	replaceNotice: string;
}

const SUCCESS_STATUS: Record<MemberOperation, ContactStatus> = {
	add: 'added',
	remove: 'removed',
	replace: 'added',
};

const DRY_RUN_STATUS: Record<MemberOperation, ContactStatus> = {
	add: 'would_add',
	remove: 'would_remove',
	replace: 'would_add',
};

/** The result of a contact with nothing the platform can match, naming the first reason. */
export function invalidContact(rejections: FieldRejection[], whatToMap: string): ContactResult {
	const first = rejections[0];
	return {
		status: 'invalid',
		reason: first?.reason ?? 'no_identifiers',
		message: first ? `No usable identifier: ${first.detail}` : `No usable identifier: map ${whatToMap}`,
		rejectedFields: rejections,
	};
}

/** The node's retry options over the default policy. */
export function retryPolicyFrom(options: UploadOptions): RetryPolicy {
	return {
		...DEFAULT_RETRY_POLICY,
		maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
		maxWaitMs: (options.maxWaitSeconds ?? DEFAULT_RETRY_POLICY.maxWaitMs / 1000) * 1000,
	};
}

/** Parallel requests allowed by the node's options (1–5). */
export function concurrencyFrom(options: UploadOptions): number {
	return Math.max(1, Math.min(5, options.parallelRequests ?? 2));
}

/** Whether a parameter is set by an expression, i.e. may differ between items. */
export function isPerItemParameter(ctx: IExecuteFunctions, name: string): boolean {
	const raw = ctx.getNode().parameters[name] as unknown;
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	return typeof value === 'string' && value.startsWith('=');
}

/**
 * Items grouped by target audience. The target is read once when it is the same for every item,
 * and per item (then grouped) when it comes from an expression.
 */
export function groupTargets(
	itemCount: number,
	perItem: boolean,
	targetOf: (itemIndex: number) => UploadTarget,
): UploadTarget[] {
	if (itemCount === 0) return [];
	if (!perItem) return [{ ...targetOf(0), items: Array.from({ length: itemCount }, (_, i) => i) }];
	const targets = new Map<string, UploadTarget>();
	for (let i = 0; i < itemCount; i++) {
		const target = targetOf(i);
		const existing = targets.get(target.key);
		if (existing) existing.items.push(i);
		else targets.set(target.key, { ...target, items: [i] });
	}
	return [...targets.values()];
}

function countBy<T>(values: Iterable<T>, key: (value: T) => string | undefined): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) {
		const k = key(value);
		if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
	}
	return counts;
}

export async function runUpload<W>(
	ctx: IExecuteFunctions,
	operation: MemberOperation,
	adapter: UploadAdapter<W>,
	options: UploadOptions,
): Promise<INodeExecutionData[][]> {
	const started = new Date();
	const items = ctx.getInputData();
	const exclusionField = (ctx.getNodeParameter('exclusionField', 0, '') as string).trim();
	const batchSize = Math.min(
		adapter.maxRowsPerRequest,
		Math.max(1, Math.floor(options.batchSize ?? adapter.maxRowsPerRequest)),
	);
	const dryRun = options.dryRun === true;
	const mappedFields = identifierMapping(ctx, adapter.platform);
	if (mappedFields.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Map at least one identifier field', {
			description: 'Give the input field of at least one identifier, for example Email Field = email.',
		});
	}

	const results: ContactResult[] = new Array(items.length);
	const targets = adapter.targets(items.length);
	const summaries: IDataObject[] = [];

	for (const target of targets) {
		const targetStarted = Date.now();
		const rowsByKey = new Map<string, UploadRow<W>>();
		for (const i of target.items) {
			const json = items[i].json as Record<string, unknown>;
			if (exclusionField && isExcluded(readPath(json, exclusionField))) {
				results[i] = {
					status: 'skipped',
					reason: 'excluded',
					message: `Excluded by the "${exclusionField}" field; nothing was sent`,
				};
				continue;
			}
			if (operation !== 'remove') {
				const skip = adapter.consentSkip(json);
				if (skip) {
					results[i] = skip;
					continue;
				}
			}
			const contact: ContactIdentifiers = {};
			for (const [key, path] of mappedFields) contact[key] = fieldText(json, path);
			const prepared = adapter.prepare(json, contact, operation);
			if (!prepared.ok) {
				results[i] = prepared.result;
				continue;
			}
			const row = prepared.row;
			const existing = rowsByKey.get(row.key);
			if (existing) existing.items.push(i);
			else rowsByKey.set(row.key, { prepared: row, items: [i] });
			results[i] = {
				status: DRY_RUN_STATUS[operation],
				identifiersSent: row.identifiersSent,
				...(row.rejections.length ? { rejectedFields: row.rejections } : {}),
			};
		}

		const rows = [...rowsByKey.values()];
		for (const row of rows) {
			for (const duplicate of row.items.slice(1)) results[duplicate].sameAsItem = row.items[0];
		}
		if (operation === 'replace' && rows.length === 0 && !dryRun) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Replace All stopped: no contact can be sent, so it would empty audience ${target.audienceId}`,
				{
					description: `Of ${target.items.length} input item(s), none has consent, is not excluded and carries a valid identifier. Check the consent fields, the Exclusion Field and the Identifier Fields, or use Remove to take people out on purpose.`,
				},
			);
		}
		const batches = planBatches(rows, { maxRows: batchSize, maxBytes: adapter.maxBodyBytes }, (row) => adapter.rowBytes(row), 1024);
		batches.forEach((batch, index) => {
			for (const row of batch) for (const i of row.items) results[i].batch = index + 1;
		});

		let sent: SendResult<W> = { outcomes: [], platformSummary: {} };
		if (dryRun) {
			for (const row of rows) {
				for (const i of row.items) results[i].wireValues = row.prepared.wire as unknown as IDataObject;
			}
		} else if (batches.length > 0) {
			sent = await adapter.send(target, batches, operation, started);
			applyOutcomes(sent.outcomes, results, operation);
		}

		const failed = sent.outcomes.find((outcome) => outcome.sent && !outcome.ok);
		const failure = failed && failed.sent && !failed.ok ? failed.failure : sent.finalFailure;
		if (failure && !ctx.continueOnFail()) {
			const accepted = sent.outcomes.filter((outcome) => outcome.ok);
			const contactsSent = accepted.reduce((sum, outcome) => sum + outcome.rows.length, 0);
			const progress = `${accepted.length} of ${batches.length} batch(es) were accepted (${contactsSent} distinct contacts)${
				failed ? `; batch ${failed.batchNumber} failed and later batches were not sent` : ''
			}.${operation === 'replace' ? ` ${adapter.replaceNotice}` : ''}`;
			throw new NodeApiError(ctx.getNode(), { ...failure.details } as JsonObject, {
				message: failure.described.message,
				description: `${failure.described.description} ${progress} Turn on "Continue On Fail" (Settings → On Error) to get one result per contact instead.`,
				httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
			});
		}

		summaries.push(
			summarize(operation, adapter.platform, target, results, rows, batches.length, sent, {
				dryRun,
				durationMs: Date.now() - targetStarted,
				preview: dryRun && rows.length > 0 ? (rows.slice(0, 3).map((row) => row.prepared.wire) as unknown as IDataObject[]) : undefined,
			}),
		);
	}

	if (options.summaryOnly) {
		const pairedItem = items.map((_, i) => ({ item: i }));
		const json =
			summaries.length === 1
				? { ...summaries[0], durationMs: Date.now() - started.getTime() }
				: { groups: summaries, durationMs: Date.now() - started.getTime() };
		return [[{ json, pairedItem }]];
	}

	const audienceOf = new Map<number, string>();
	for (const target of targets) for (const i of target.items) audienceOf.set(i, target.audienceId);
	return [
		items.map((item, i) => ({
			json: {
				...resultColumns(results[i], adapter.platform, dryRun),
				operation,
				platform: adapter.platform,
				audienceId: audienceOf.get(i) ?? '',
				...(dryRun ? { dryRun: true } : {}),
				...(options.includeInputData ? { input: item.json } : {}),
			} as IDataObject,
			pairedItem: { item: i },
		})),
	];
}

/**
 * Every per-contact item has the same keys, in the same order, so that n8n's table view shows an
 * empty (null) cell where a contact has nothing to report instead of an "undefined" one.
 */
function resultColumns(result: ContactResult, platform: 'meta' | 'google', dryRun: boolean): IDataObject {
	return {
		status: result.status,
		reason: result.reason ?? null,
		message: result.message ?? null,
		identifiersSent: result.identifiersSent ?? [],
		rejectedFields: (result.rejectedFields ?? []) as unknown as IDataObject[],
		batch: result.batch ?? null,
		sameAsItem: result.sameAsItem ?? null,
		...(platform === 'google' ? { requestId: result.requestId ?? null } : {}),
		...(dryRun ? { wireValues: result.wireValues ?? null } : {}),
	};
}

function applyOutcomes<W>(
	outcomes: Array<BatchOutcome<W>>,
	results: ContactResult[],
	operation: MemberOperation,
): void {
	for (const outcome of outcomes) {
		if (!outcome) continue;
		if (outcome.ok) {
			for (const row of outcome.rows) {
				const rejected = outcome.rejectedKeys?.has(row.prepared.key) ?? false;
				for (const i of row.items) {
					if (outcome.requestId) results[i].requestId = outcome.requestId;
					if (rejected) {
						results[i].status = 'invalid';
						results[i].reason = 'rejected_by_platform';
						results[i].message = 'The platform listed this contact among the invalid entries of its batch';
					} else {
						results[i].status = SUCCESS_STATUS[operation];
					}
				}
			}
			continue;
		}
		const reason = outcome.sent ? outcome.failure.described.reason : 'not_sent';
		const message = outcome.sent
			? sentences(outcome.failure.described.message, outcome.failure.described.description)
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

function summarize<W>(
	operation: MemberOperation,
	platform: 'meta' | 'google',
	target: UploadTarget,
	results: ContactResult[],
	rows: Array<UploadRow<W>>,
	batchCount: number,
	sent: SendResult<W>,
	extra: { dryRun: boolean; durationMs: number; preview?: IDataObject[] },
): IDataObject {
	const targetResults = target.items.map((i) => results[i]);
	const { outcomes } = sent;
	const accepted = outcomes.filter((outcome) => outcome.ok);
	return {
		operation,
		platform,
		audienceId: target.audienceId,
		accountId: target.accountId ?? null,
		dryRun: extra.dryRun,
		items: target.items.length,
		distinctContacts: rows.length,
		distinctContactsSent: extra.dryRun ? 0 : accepted.reduce((sum, outcome) => sum + outcome.rows.length, 0),
		duplicates: rows.reduce((sum, row) => sum + row.items.length - 1, 0),
		counts: countBy(targetResults, (result) => result.status),
		skippedByReason: countBy(
			targetResults.filter((result) => result.status === 'skipped'),
			(result) => result.reason,
		),
		invalidByReason: countBy(
			targetResults.filter((result) => result.status === 'invalid'),
			(result) => result.reason,
		),
		fieldRejections: countBy(
			targetResults.flatMap((result) => result.rejectedFields ?? []),
			(rejection) => rejection.reason,
		),
		batches: {
			total: batchCount,
			accepted: accepted.length,
			failed: outcomes.filter((outcome) => outcome && outcome.sent && !outcome.ok).length,
			notSent: extra.dryRun ? batchCount : outcomes.filter((outcome) => outcome && !outcome.sent).length,
		},
		[platform]: sent.platformSummary,
		...(extra.preview ? { requestPreview: extra.preview } : {}),
		durationMs: extra.durationMs,
	};
}
