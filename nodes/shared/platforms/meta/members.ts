import type { IDataObject } from 'n8n-workflow';

import type { MetaSchemaKey } from '../../identifiers';
import { META_SCHEMA_ORDER } from '../../identifiers';
import { mapWithConcurrency } from '../../members/batching';
import type { MetaFailure, MetaClient } from './transport';

export type MetaMemberOperation = 'add' | 'remove' | 'replace';

/**
 * Limited Data Use (US state privacy laws). Meta's columns: DATA_PROCESSING_OPTIONS ["LDU"],
 * DATA_PROCESSING_OPTIONS_COUNTRY (0 = let Meta geolocate, 1 = USA) and
 * DATA_PROCESSING_OPTIONS_STATE (0 = geolocate, 1000 = California). Custom Audiences guide,
 * "Data Processing Options for US Users".
 */
export type LimitedDataUse = 'off' | 'geolocate' | 'california';

export const META_MAX_ROWS_PER_REQUEST = 10_000;
/**
 * Meta publishes no body-size limit for /users; oversize requests get an HTML error page from its
 * front end. 10 MB keeps a full 10,000-row batch of the usual 8–10 hashed keys in one request
 * while staying well clear of that.
 */
export const META_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The wire values of one contact: SHA-256 hex per hashed key, MADID and EXTERN_ID as is. */
export type MetaRowValues = Partial<Record<MetaSchemaKey, string>>;

export interface MetaUsersResponse {
	audience_id?: string;
	session_id?: string | number;
	num_received?: number;
	num_invalid_entries?: number;
	invalid_entry_samples?: Record<string, string> | string[];
}

export type MetaBatchOutcome<R> =
	| { batchNumber: number; rows: R[]; sent: true; ok: true; response: MetaUsersResponse }
	| { batchNumber: number; rows: R[]; sent: true; ok: false; failure: MetaFailure }
	| { batchNumber: number; rows: R[]; sent: false; ok: false; skippedBecause: string };

type Cell = string | string[] | number;

const LDU_COLUMNS: Record<Exclude<LimitedDataUse, 'off'>, [string[], number, number]> = {
	geolocate: [['LDU'], 0, 0],
	california: [['LDU'], 1, 1000],
};

/** Columns used by at least one row of the batch, in Meta's schema order (plus LDU columns). */
export function metaPayload(
	rows: readonly MetaRowValues[],
	limitedDataUse: LimitedDataUse,
): { schema: string[]; data: Cell[][] } {
	const used = META_SCHEMA_ORDER.filter((key) => rows.some((row) => row[key] !== undefined));
	const schema: string[] = [...used];
	const ldu = limitedDataUse === 'off' ? undefined : LDU_COLUMNS[limitedDataUse];
	if (ldu) {
		schema.push('DATA_PROCESSING_OPTIONS', 'DATA_PROCESSING_OPTIONS_COUNTRY', 'DATA_PROCESSING_OPTIONS_STATE');
	}
	const data = rows.map((row) => {
		const cells: Cell[] = used.map((key) => row[key] ?? '');
		if (ldu) cells.push(...ldu);
		return cells;
	});
	return { schema, data };
}

/** Upper estimate of a row's share of the JSON body. */
export function metaRowBytes(row: MetaRowValues): number {
	let bytes = 3 + 3 * META_SCHEMA_ORDER.length + 40;
	for (const value of Object.values(row)) {
		// Hashes are ASCII; unhashed ids may need JSON escapes or multi-byte UTF-8.
		bytes += value.length * (/^[\x20-\x7e]*$/.test(value) ? 1 : 6);
	}
	return bytes;
}

/** A positive 53-bit id: Meta wants a 64-bit integer unique within the ad account. */
export function newMetaSessionId(random: () => number = Math.random): number {
	return Math.floor(random() * 2 ** 52) + 2 ** 52;
}

export interface SendMetaBatchesOptions<R> {
	operation: MetaMemberOperation;
	audienceId: string;
	adAccountId?: string;
	batches: R[][];
	/** The wire values of a row. */
	values: (row: R) => MetaRowValues;
	limitedDataUse: LimitedDataUse;
	concurrency: number;
	sessionId: number;
	/** Called after each batch, in completion order. */
	onBatch?: (outcome: MetaBatchOutcome<R>) => void;
}

/**
 * Sends the batches as one Meta upload session: batch 1 first, the middle ones with limited
 * concurrency, the last one (last_batch_flag) at the end, as Meta requires for usersreplace
 * ("batch_seq must start at 1"; "you must mark the last request"). The same session framing on
 * /users makes Meta report the run's received and matched counts on the audience's sessions edge.
 * After a failed batch no further batch is sent: the rest are reported as not sent.
 */
export async function sendMetaBatches<R>(
	client: MetaClient,
	options: SendMetaBatchesOptions<R>,
): Promise<Array<MetaBatchOutcome<R>>> {
	const { batches } = options;
	const total = batches.reduce((sum, batch) => sum + batch.length, 0);
	const outcomes: Array<MetaBatchOutcome<R>> = new Array(batches.length);
	let stopReason: string | undefined;

	const sendOne = async (index: number): Promise<void> => {
		const rows = batches[index];
		const batchNumber = index + 1;
		if (stopReason) {
			outcomes[index] = { batchNumber, rows, sent: false, ok: false, skippedBecause: stopReason };
			options.onBatch?.(outcomes[index]);
			return;
		}
		const body: IDataObject = {
			payload: { ...metaPayload(rows.map(options.values), options.limitedDataUse), is_raw: true },
			session: {
				session_id: options.sessionId,
				batch_seq: batchNumber,
				last_batch_flag: batchNumber === batches.length,
				estimated_num_total: total,
			},
		};
		const path =
			options.operation === 'replace'
				? `/${options.audienceId}/usersreplace`
				: `/${options.audienceId}/users`;
		const result = await client.send<MetaUsersResponse>({
			method: options.operation === 'remove' ? 'DELETE' : 'POST',
			path,
			body,
			context: { audienceId: options.audienceId, adAccountId: options.adAccountId },
		});
		outcomes[index] = result.ok
			? { batchNumber, rows, sent: true, ok: true, response: result.value.body }
			: { batchNumber, rows, sent: true, ok: false, failure: result.failure };
		if (!result.ok) {
			stopReason = `batch ${batchNumber} failed: ${result.failure.described.message}`;
		}
		options.onBatch?.(outcomes[index]);
	};

	if (batches.length === 0) return outcomes;
	await sendOne(0);
	if (batches.length > 2) {
		const middle = Array.from({ length: batches.length - 2 }, (_, k) => k + 1);
		const concurrency = options.operation === 'replace' ? 1 : options.concurrency;
		await mapWithConcurrency(middle, concurrency, sendOne);
	}
	if (batches.length > 1) await sendOne(batches.length - 1);
	return outcomes;
}

/** Meta's invalid_entry_samples: up to 100 entries, keyed by the rejected value (or a list). */
export function invalidSampleValues(samples: MetaUsersResponse['invalid_entry_samples']): string[] {
	if (!samples) return [];
	if (Array.isArray(samples)) return samples.map(String);
	return Object.keys(samples);
}
