import type { MetaSchemaKey } from './identifiers';
import { META_SCHEMA_ORDER } from './identifiers';

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

/** Meta's invalid_entry_samples: up to 100 entries, keyed by the rejected value (or a list). */
export function invalidSampleValues(samples: MetaUsersResponse['invalid_entry_samples']): string[] {
	if (!samples) return [];
	if (Array.isArray(samples)) return samples.map(String);
	return Object.keys(samples);
}
