import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ContactIdentifiers } from '../identifiers';
import { planBatches } from './batching';
import { groupTargets, isPerItemParameter } from './options';
import { prepareContacts, recordsOf } from './prepare';
import { ResultBook, resultColumns } from './report';
import type {
	ContactStatus,
	MemberOperation,
	MemberUploader,
	SendResult,
	UploadOptions,
	UploadRow,
	UploadTarget,
} from './types';

export interface UploadSettings {
	operation: MemberOperation;
	options: UploadOptions;
	mappedFields: ReadonlyArray<readonly [keyof ContactIdentifiers, string]>;
	exclusionField: string;
}

/** What every member operation reads first: the input, its targets and how rows are batched. */
export function startRun<W, C>(
	ctx: IExecuteFunctions,
	uploader: MemberUploader<W, C>,
	settings: { options: UploadOptions; mappedFields: UploadSettings['mappedFields'] },
) {
	const { options } = settings;
	if (settings.mappedFields.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Map at least one identifier field', {
			description: 'Give the input field of at least one identifier, for example Email Field = email.',
		});
	}
	const items = ctx.getInputData();
	const perItem = uploader.targetParameters.some((name) => isPerItemParameter(ctx, name));
	const batchSize = Math.min(uploader.limits.maxRows, Math.max(1, Math.floor(options.batchSize ?? uploader.limits.maxRows)));
	return {
		started: new Date(),
		items,
		dryRun: options.dryRun === true,
		targets: groupTargets(items.length, perItem, (i) => uploader.target(i)),
		batchesOf: (rows: Array<UploadRow<W>>) =>
			planBatches(rows, { maxRows: batchSize, maxBytes: uploader.limits.maxBytes }, (row) => uploader.rowBytes(row), 1024),
	};
}

/**
 * Add, Remove and Replace All for any platform: per target audience, prepare the contacts, plan
 * the batches, send them, and report one result per contact (or a summary).
 */
export async function runUpload<W, C>(
	ctx: IExecuteFunctions,
	uploader: MemberUploader<W, C>,
	settings: UploadSettings,
): Promise<INodeExecutionData[][]> {
	const { operation, options } = settings;
	const { started, items, dryRun, targets, batchesOf } = startRun(ctx, uploader, settings);
	const books: ResultBook[] = [];
	const summaries: IDataObject[] = [];

	for (const target of targets) {
		const targetStarted = Date.now();
		const book = new ResultBook(!options.summaryOnly);
		books.push(book);
		const rows = await prepareContacts(recordsOf(items, target.items), uploader, settings, book);
		if (operation === 'replace' && rows.length === 0 && !dryRun) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Replace All stopped: no contact can be sent, so it would empty audience ${target.audienceId}`,
				{
					description: `Of ${target.items.length} input item(s), none has consent, is not excluded and carries a valid identifier. Check the consent fields, the Exclusion Field and the Identifier Fields, or use Remove to take people out on purpose.`,
				},
			);
		}
		const batches = batchesOf(rows);

		let sent: SendResult<W> = { outcomes: [], platformSummary: {} };
		if (dryRun) book.planned(operation, batches);
		else if (batches.length > 0) {
			sent = await uploader.send(target, batches, operation, started);
			book.sent(operation, sent.outcomes);
		}
		if (!ctx.continueOnFail()) throwOnFailure(ctx, sent, batches.length, operation, uploader.replaceNotice);
		summaries.push(
			summarize(uploader.platform, operation, target, book, rows, batches.length, sent, {
				dryRun,
				durationMs: Date.now() - targetStarted,
				preview: dryRun && rows.length > 0 ? rows.slice(0, 3).map((row) => row.prepared.wire as IDataObject) : undefined,
			}),
		);
	}

	if (options.summaryOnly) {
		const durationMs = Date.now() - started.getTime();
		const json = summaries.length === 1 ? { ...summaries[0], durationMs } : { groups: summaries, durationMs };
		return [[{ json, pairedItem: items.map((_, i) => ({ item: i })) }]];
	}

	const columns = { requestId: uploader.requestIds, wireValues: dryRun };
	const output: INodeExecutionData[] = new Array(items.length);
	targets.forEach((target, t) => {
		for (const i of target.items) {
			output[i] = {
				json: {
					...resultColumns(books[t].result(i), columns),
					operation,
					platform: uploader.platform,
					audienceId: target.audienceId,
					...(dryRun ? { dryRun: true } : {}),
					...(options.includeInputData ? { input: items[i].json } : {}),
				},
				pairedItem: { item: i },
			};
		}
	});
	return [output];
}

/** Stops the run with the first failure, saying how far it got. */
export function throwOnFailure<W>(
	ctx: IExecuteFunctions,
	sent: SendResult<W>,
	batchCount: number,
	operation: MemberOperation,
	replaceNotice: string,
): void {
	const failed = sent.outcomes.find((outcome) => outcome.sent && !outcome.ok);
	const failure = failed && failed.sent && !failed.ok ? failed.failure : sent.finalFailure;
	if (!failure) return;
	const accepted = sent.outcomes.filter((outcome) => outcome.ok);
	const contactsSent = accepted.reduce((sum, outcome) => sum + outcome.rows.length, 0);
	const progress = `${accepted.length} of ${batchCount} batch(es) were accepted (${contactsSent} distinct contacts)${
		failed ? `; batch ${failed.batchNumber} failed and later batches were not sent` : ''
	}.${operation === 'replace' ? ` ${replaceNotice}` : ''}`;
	throw new NodeApiError(ctx.getNode(), { ...failure.details } as JsonObject, {
		message: failure.described.message,
		description: `${failure.described.description} ${progress} Turn on "Continue On Fail" (Settings → On Error) to get one result per contact instead.`,
		httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
	});
}

const STATUS_ORDER: ContactStatus[] = ['added', 'removed', 'unchanged', 'would_add', 'would_remove', 'skipped', 'invalid', 'failed'];

/** Counts per status in one order whatever the input order. */
export function inStatusOrder(counts: Record<string, number>): IDataObject {
	return Object.fromEntries(STATUS_ORDER.filter((status) => counts[status]).map((status) => [status, counts[status]]));
}

function summarize<W>(
	platform: string,
	operation: MemberOperation,
	target: UploadTarget,
	book: ResultBook,
	rows: Array<UploadRow<W>>,
	batchCount: number,
	sent: SendResult<W>,
	extra: { dryRun: boolean; durationMs: number; preview?: IDataObject[] },
): IDataObject {
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
		counts: inStatusOrder(book.counts),
		skippedByReason: book.skippedByReason,
		invalidByReason: book.invalidByReason,
		fieldRejections: book.fieldRejections,
		batches: {
			total: batchCount,
			accepted: accepted.length,
			failed: outcomes.filter((outcome) => outcome.sent && !outcome.ok).length,
			notSent: extra.dryRun ? batchCount : outcomes.filter((outcome) => !outcome.sent).length,
		},
		[platform]: sent.platformSummary,
		...(extra.preview ? { requestPreview: extra.preview } : {}),
		durationMs: extra.durationMs,
	};
}
