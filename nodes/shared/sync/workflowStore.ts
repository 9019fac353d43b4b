import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PackedSyncState, SyncState } from './state';
import { packState, unpackState } from './state';
import type { ResetReport, SaveReport, SyncAudience, SyncStateStore } from './store';
import { audienceStateKey } from './store';

const PREFIX = 'audienceSync:';

/**
 * In this n8n process: which audiences a run holds, and the generation of the state the last
 * production run of each workflow saved. n8n runs the executions of a regular (not queue-mode)
 * instance in its main process; the static data is a copy loaded when an execution starts, so an
 * execution that started before another one saved has an older state than the one just saved.
 */
const held = new Set<string>();
const newestGeneration = new Map<string, number>();

/**
 * The default store: the workflow's static data, needing no setup. n8n writes static data to the
 * workflow at the end of a production execution, the whole object at once, and never after a
 * manual one. In queue mode (n8n 2.41.1) a worker saves it but the next execution does not get
 * it, so this store cannot serve there: the data-table store does.
 */
export class WorkflowStaticDataStore implements SyncStateStore {
	readonly kind = 'workflowStaticData';
	readonly location = 'this workflow’s static data';

	constructor(private readonly ctx: IExecuteFunctions) {}

	private get data(): IDataObject {
		return this.ctx.getWorkflowStaticData('global');
	}

	private slot(audience: SyncAudience): string {
		return `${PREFIX}${audienceStateKey(audience)}`;
	}

	/** The audience in this workflow, for what the process shares between executions. */
	private processKey(audience: SyncAudience): string {
		return `${this.ctx.getWorkflow().id ?? ''}/${this.slot(audience)}`;
	}

	async load(audience: SyncAudience): Promise<SyncState | null> {
		const loaded = this.data[this.slot(audience)] as PackedSyncState | undefined;
		const key = this.processKey(audience);
		const newest = newestGeneration.get(key);
		if (newest !== undefined && (loaded?.generation ?? 0) < newest) {
			// Said once: if the newer state never reached the database, the next run goes on from what it has.
			newestGeneration.delete(key);
			throw new NodeOperationError(this.ctx.getNode(), 'Another execution saved a newer sync state after this one started', {
				description: `This execution loaded the workflow's static data before an execution that synced audience ${audience.audienceId} ended, so its state is out of date. Nothing was sent. The next run reads the newer state; keep runs of one workflow from overlapping (for example, space the schedule). If this n8n runs in queue mode, its workers do not pass workflow static data on to the next execution: choose State Store "Data Table" there.`,
			});
		}
		return loaded ? unpackState(loaded) : null;
	}

	async save(audience: SyncAudience, state: SyncState): Promise<SaveReport> {
		const packed = packState(state);
		this.data[this.slot(audience)] = packed as unknown as IDataObject;
		if (this.ctx.getMode() === 'manual') {
			return {
				saved: false,
				note: 'Manual executions do not save workflow static data: the audience changed but the state did not. The next production run sends these changes again, which is harmless. Activate the workflow to keep the state.',
			};
		}
		newestGeneration.set(this.processKey(audience), packed.generation);
		return { saved: true, note: 'Saved with the workflow when this execution ends.' };
	}

	async reset(audience: SyncAudience): Promise<ResetReport> {
		const slot = this.slot(audience);
		const stored = this.data[slot] as PackedSyncState | undefined;
		const existed = stored !== undefined;
		const members = stored?.size ?? 0;
		delete this.data[slot];
		if (this.ctx.getMode() === 'manual') {
			return {
				existed,
				members,
				saved: false,
				note: 'Manual executions do not save workflow static data, so the state is still there. Run Reset Sync State in a production execution of this workflow (for example from a webhook or a schedule).',
			};
		}
		newestGeneration.delete(this.processKey(audience));
		return { existed, members, saved: true, note: 'Forgotten when this execution ends.' };
	}

	async lock(audience: SyncAudience): Promise<() => Promise<void>> {
		const slot = this.slot(audience);
		if (held.has(slot)) {
			throw new NodeOperationError(this.ctx.getNode(), `Another execution is syncing audience ${audience.audienceId}`, {
				description: 'Nothing was sent. Two syncs of one audience at once would each send what the other sends. Let the running one finish, then run again, or space the schedule so that runs do not overlap.',
			});
		}
		held.add(slot);
		return async () => {
			held.delete(slot);
		};
	}

	describe(state: SyncState | null): IDataObject {
		return { store: this.kind, location: this.location, members: state?.members.size ?? 0, updatedAt: state?.updatedAt ?? null };
	}
}
