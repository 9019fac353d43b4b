import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ContactSource } from '../members/csvInput';
import { csvRecordsOf } from '../members/csvInput';
import { recordsOf } from '../members/prepare';
import { ResultBook, resultColumns } from '../members/report';
import type { MemberUploader, UploadOptions } from '../members/types';
import { inStatusOrder, startRun, throwOnFailure } from '../members/pipeline';
import type { SyncPlan } from './diff';
import { planSync, removalShare } from './diff';
import type { SegmentMember, SegmentSettings } from './segment';
import { readSegment } from './segment';
import type { SyncSent } from './send';
import { applyOutcomes, sendSync, settleUnsent, SyncRows } from './send';
import type { SyncState } from './state';
import { newSyncState } from './state';
import type { SaveReport, SyncStateStore } from './store';
import { syncAudience } from './store';

export interface SyncOptions extends UploadOptions {
	/** Fail unless allowed: a segment with nobody to target while the audience has members. */
	allowEmptySegment?: boolean;
	/** Fail when the run would take out more than this share of the audience (0–100). */
	maxRemovalPercent?: number;
}

export interface SyncSettings extends SegmentSettings {
	options: SyncOptions;
	store: SyncStateStore;
	/** Input items (the default), or the rows of a CSV file in each item. */
	source?: ContactSource;
}

/**
 * Sync (mirror) for any platform: per audience, read the segment, diff it against the stored
 * state, remove who left and add who joined, advance the state by what the platform accepted, and
 * report one item per input contact plus one per departed member (or a summary).
 */
export async function runSync<W, C>(
	ctx: IExecuteFunctions,
	uploader: MemberUploader<W, C>,
	settings: SyncSettings,
): Promise<INodeExecutionData[][]> {
	const { options, store } = settings;
	const { started, items, dryRun, targets, batchesOf } = startRun(ctx, uploader, settings);
	const output: INodeExecutionData[] = new Array(items.length);
	const departedOutput: INodeExecutionData[] = [];
	const summaries: IDataObject[] = [];
	// CSV rows are many and have no item of their own: they are summarised, whatever Summary Only says.
	const csv = settings.source?.kind === 'csv' ? settings.source : undefined;
	const summaryOnly = options.summaryOnly === true || csv !== undefined;
	const numbering = { next: 0 };

	for (const target of targets) {
		const audience = syncAudience(uploader.platform, target);
		const release = dryRun ? async () => {} : await store.lock(audience);
		try {
			const targetStarted = Date.now();
			const state = (await store.load(audience)) ?? newSyncState();
			const book = new ResultBook(!summaryOnly);
			const firstRow = numbering.next;
			const records = csv ? csvRecordsOf(ctx, target.items, csv, numbering) : recordsOf(items, target.items);
			const segment = await readSegment(records, uploader, settings, state, book);
			const plan = planSync(state.members, segment, (member) => member.desired);
			const guard = guardAgainstWipe(plan, state, options);
			if (guard && !dryRun) throw new NodeOperationError(ctx.getNode(), guard.message, { description: guard.description });

			const departed = new Map<string, number>();
			for (const removal of plan.remove) {
				if (removal.why === 'left_segment') departed.set(removal.key, items.length + departedOutput.length + departed.size);
			}
			const rows = new SyncRows(uploader as MemberUploader<W, unknown>, segment, departed, book);
			settleUnsent(book, plan, segment);
			let saved: SaveReport = { saved: false, note: 'Dry run: nothing was sent and the state did not change.' };
			let sent: SyncSent<W> | undefined;
			if (dryRun) {
				book.planned('remove', batchesOf(rows.removals(plan)));
				book.planned('add', batchesOf(rows.additions(plan)));
			} else {
				sent = await sendSync(ctx, uploader as MemberUploader<W, unknown>, target, plan, rows, batchesOf, book, started);
				const changed = applyOutcomes(state, plan, sent, Math.floor(started.getTime() / 1000));
				state.generation += 1;
				state.updatedAt = started.toISOString();
				saved = await store.save(audience, state, changed);
				if (!saved.saved && saved.note) ctx.addExecutionHints({ message: saved.note, location: 'outputPane' });
			}
			annotate(book, plan, segment, departed);
			summaries.push({
				operation: 'sync',
				platform: uploader.platform,
				audienceId: target.audienceId,
				accountId: target.accountId ?? null,
				dryRun,
				items: target.items.length,
				...(csv ? { csvRows: numbering.next - firstRow, invalidRows: book.invalidRows } : {}),
				planned: { add: plan.add.length, remove: plan.remove.length, unchanged: plan.unchanged.length },
				counts: inStatusOrder(book.counts),
				skippedByReason: book.skippedByReason,
				invalidByReason: book.invalidByReason,
				...(guard ? { guard: guard.message } : {}),
				[uploader.platform]: { removals: sent?.removed.platformSummary ?? {}, additions: sent?.added.platformSummary ?? {} },
				state: { ...store.describe(state), saved: saved.saved, note: saved.note ?? null },
				durationMs: Date.now() - targetStarted,
			});
			if (!summaryOnly) {
				const common = { operation: 'sync', platform: uploader.platform, audienceId: target.audienceId, stateSaved: saved.saved };
				const columns = { requestId: uploader.requestIds, wireValues: dryRun };
				for (const i of target.items) {
					output[i] = {
						json: {
							...resultColumns(book.result(i), columns),
							...common,
							...(dryRun ? { dryRun: true } : {}),
							...(options.includeInputData ? { input: items[i].json } : {}),
						},
						pairedItem: { item: i },
					};
				}
				for (const [key, index] of departed) {
					departedOutput.push({
						json: { ...resultColumns(book.result(index), columns), ...common, contactKeyHash: key, ...(dryRun ? { dryRun: true } : {}) },
					});
				}
			}
			if (sent && !ctx.continueOnFail()) throwOnFailure(ctx, sent.combined, sent.batchCount, 'add', '');
		} finally {
			await release();
		}
	}

	if (summaryOnly) {
		const durationMs = Date.now() - started.getTime();
		const json = summaries.length === 1 ? { ...summaries[0], durationMs } : { groups: summaries, durationMs };
		return [[{ json, pairedItem: items.map((_, i) => ({ item: i })) }]];
	}
	return [[...output, ...departedOutput]];
}

/** Says why each removal or re-addition happened, once the statuses are known. */
function annotate<W>(
	book: ResultBook,
	plan: SyncPlan,
	segment: ReadonlyMap<string, SegmentMember<W>>,
	departed: ReadonlyMap<string, number>,
): void {
	for (const removal of plan.remove) {
		// A removal that only forgets its key (another member holds the identity) says so already.
		if (!removal.send) continue;
		if (removal.why === 'left_segment') {
			const index = departed.get(removal.key);
			if (index !== undefined) book.annotate(index, { reason: 'left_segment', message: 'Left the segment' });
		} else if (removal.why === 'withheld') {
			const member = segment.get(removal.key);
			if (member?.withheld) book.annotate(member.index, { reason: member.withheld.reason, message: member.withheld.removed });
		}
	}
	for (const addition of plan.add) {
		const member = segment.get(addition.key);
		if (addition.changed && member) book.annotate(member.index, { reason: 'identifiers_changed', message: 'Identifiers changed: the previous ones were removed' });
	}
}

/** The empty-segment and large-removal guards; undefined when the run may go on. */
function guardAgainstWipe(
	plan: SyncPlan,
	state: SyncState,
	options: SyncOptions,
): { message: string; description: string } | undefined {
	if (state.members.size === 0) return undefined;
	if (plan.add.length + plan.unchanged.length === 0 && !options.allowEmptySegment) {
		return {
			message: `Sync stopped: the segment has nobody to target, so it would empty an audience of ${state.members.size} member(s)`,
			description:
				'An upstream step may have failed and returned nothing usable. Nothing was sent and the state did not change. If the segment really is empty, turn on "Allow Empty Segment" in the options.',
		};
	}
	const share = removalShare(plan, state.members.size);
	const limit = (options.maxRemovalPercent ?? 50) / 100;
	if (share > limit) {
		const percent = Math.round(share * 1000) / 10;
		return {
			message: `Sync stopped: it would remove ${percent}% of the audience's members, more than the ${options.maxRemovalPercent ?? 50}% allowed`,
			description: `${plan.remove.length} of ${state.members.size} member(s) would be removed. Nothing was sent and the state did not change. Check the step that builds the segment; if this many people really left, raise "Max Removal (%)" in the options for this run.`,
		};
	}
	return undefined;
}
