import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ContactIdentifiers } from '../identifiers';
import { digest } from '../identifiers/hash';
import { planBatches } from './batching';
import { groupTargets, isPerItemParameter } from './options';
import type { ContactSource } from './csvInput';
import { csvRecordsOf } from './csvInput';
import type { BatchLimits } from './batching';
import { prepareRecord, recordsOf } from './prepare';
import type { StreamedUpload } from './stream';
import { planOrSend, streamUpload } from './stream';
import { ResultBook, resultColumns } from './report';
import type {
	ContactRecord,
	ContactResult,
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
	/** Input items (the default), or the rows of a CSV file in each item. */
	source?: ContactSource;
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
	const limits: BatchLimits = { maxRows: batchSize, maxBytes: uploader.limits.maxBytes };
	return {
		started: new Date(),
		items,
		dryRun: options.dryRun === true,
		targets: groupTargets(items.length, perItem, (i) => uploader.target(i)),
		limits,
		batchesOf: (rows: Array<UploadRow<W>>) => planBatches(rows, limits, (row) => uploader.rowBytes(row), 1024),
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
	const { started, items, dryRun, targets, limits } = startRun(ctx, uploader, settings);
	const books: ResultBook[] = [];
	const summaries: IDataObject[] = [];
	// CSV rows are many and have no item of their own: they are summarised, whatever Summary Only says.
	const csv = settings.source?.kind === 'csv' ? settings.source : undefined;
	const numbering = { next: 0 };

	for (const target of targets) {
		const targetStarted = Date.now();
		const book = new ResultBook(!options.summaryOnly && !csv);
		books.push(book);
		const firstRow = numbering.next;
		const upload = csv
			? await streamUpload(uploader, { ...settings, dryRun, started, limits, estimatedRows: estimatedCsvRows(ctx, target.items, csv) }, target, csvRecordsOf(ctx, target.items, csv, numbering), book)
			: await uploadItems(uploader, settings, target, recordsOf(items, target.items), book, { dryRun, started, limits });
		if (operation === 'replace' && upload.distinct === 0 && !dryRun) emptyReplace(ctx, target);
		const { sent, batchCount } = upload;
		if (!ctx.continueOnFail()) throwOnFailure(ctx, sent, batchCount, operation, uploader.replaceNotice);
		summaries.push(
			summarize(uploader.platform, operation, target, book, upload, sent, {
				dryRun,
				durationMs: Date.now() - targetStarted,
				preview: dryRun && upload.preview.length > 0 ? upload.preview : undefined,
				csvRows: csv ? numbering.next - firstRow : undefined,
			}),
		);
	}

	if (options.summaryOnly || csv) {
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

/**
 * Input items: each contact prepared in turn, merged with an earlier item that carries the same
 * one, and sent as soon as its batch is full, so that the platform works on one batch while the
 * next is prepared. Each batch's results are settled once the platform answered and its rows
 * released; what stays is a 16-byte key per distinct contact (MD5 of its identity) with its result,
 * for the later items that carry it again.
 */
async function uploadItems<W, C>(
	uploader: MemberUploader<W, C>,
	settings: UploadSettings,
	target: UploadTarget,
	records: Iterable<ContactRecord>,
	book: ResultBook,
	run: { dryRun: boolean; started: Date; limits: BatchLimits },
): Promise<StreamedUpload<W>> {
	/** Each distinct contact: its row until the row is settled, then its first item and result. */
	const seen = new Map<string, UploadRow<W> | { first: number; patch: ContactResult }>();
	const preview: IDataObject[] = [];
	let duplicates = 0;
	function* distinctRows(): Generator<UploadRow<W>> {
		for (const record of records) {
			const contact = prepareRecord(record, uploader, settings, book);
			if (contact === undefined) continue;
			const key = digest('md5', contact.identity, 'latin1');
			const earlier = seen.get(key);
			if (earlier !== undefined) {
				duplicates++;
				if ('items' in earlier) {
					earlier.items.push(record.index);
					book.pending(record.index, contact, earlier.items[0]);
				} else {
					book.sameAs(record.index, contact, earlier.first, earlier.patch);
				}
				continue;
			}
			const row: UploadRow<W> = { prepared: contact, items: [record.index], key };
			seen.set(key, row);
			book.pending(record.index, contact);
			if (preview.length < 3) preview.push(contact.wire as IDataObject);
			yield row;
		}
	}
	const settledRow = (row: UploadRow<W>, patch: ContactResult) => {
		if (row.key !== undefined) seen.set(row.key, { first: row.items[0], patch });
	};
	const { sent, batchCount } = await planOrSend(
		uploader,
		{ ...run, operation: settings.operation, estimatedRows: target.items.length, rows: distinctRows() },
		target,
		book,
		settledRow,
	);
	return { sent, distinct: seen.size, duplicates, batchCount, preview };
}

/** A Replace All with nobody to send would empty the audience: it stops instead. */
function emptyReplace(ctx: IExecuteFunctions, target: UploadTarget): never {
	throw new NodeOperationError(ctx.getNode(), `Replace All stopped: no contact can be sent, so it would empty audience ${target.audienceId}`, {
		description: `Of the ${target.items.length} input item(s), no contact has consent, is not excluded and carries a valid identifier. Check the consent fields, the Exclusion Field and the Identifier Fields, or use Remove to take people out on purpose.`,
	});
}

/** Meta wants a total up front: the CSV files' size over a typical row's. */
function estimatedCsvRows(ctx: IExecuteFunctions, indexes: readonly number[], source: ContactSource): number {
	const items = ctx.getInputData();
	const bytes = indexes.reduce((sum, i) => sum + Number(items[i].binary?.[source.binaryProperty]?.bytes ?? 0), 0);
	return Math.max(1, Math.round(bytes / 100));
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
	const contactsSent = accepted.reduce((sum, outcome) => sum + outcome.rowCount, 0);
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
	upload: Pick<StreamedUpload<W>, 'distinct' | 'duplicates' | 'batchCount'>,
	sent: SendResult<W>,
	extra: { dryRun: boolean; durationMs: number; preview?: IDataObject[]; csvRows?: number },
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
		...(extra.csvRows !== undefined ? { csvRows: extra.csvRows, invalidRows: book.invalidRows } : {}),
		distinctContacts: upload.distinct,
		distinctContactsSent: extra.dryRun ? 0 : accepted.reduce((sum, outcome) => sum + outcome.rowCount, 0),
		duplicates: upload.duplicates,
		counts: inStatusOrder(book.counts),
		skippedByReason: book.skippedByReason,
		invalidByReason: book.invalidByReason,
		fieldRejections: book.fieldRejections,
		batches: {
			total: upload.batchCount,
			accepted: accepted.length,
			failed: outcomes.filter((outcome) => outcome.sent && !outcome.ok).length,
			notSent: extra.dryRun ? upload.batchCount : outcomes.filter((outcome) => !outcome.sent).length,
		},
		[platform]: sent.platformSummary,
		...(extra.preview ? { requestPreview: extra.preview } : {}),
		durationMs: extra.durationMs,
	};
}
