import type { IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import type { CsvDelimiter } from './csv';
import { csvRows } from './csv';
import type { ContactRecord } from './types';

/** Where the contacts come from: one per input item, or one per row of a CSV file in each item. */
export interface ContactSource {
	kind: 'items' | 'csv';
	/** CSV: the binary property holding the file. */
	binaryProperty: string;
	delimiter: CsvDelimiter | 'auto';
}

/** Bytes read from the file at a time. */
const CHUNK_BYTES = 256 * 1024;

export function contactSourceOf(ctx: IExecuteFunctions): ContactSource {
	const kind = ctx.getNodeParameter('contactSource', 0, 'items') as ContactSource['kind'];
	const binaryProperty = (ctx.getNodeParameter('binaryPropertyName', 0, 'data') as string).trim();
	const delimiter = ctx.getNodeParameter('csvDelimiter', 0, 'auto') as ContactSource['delimiter'];
	if (kind === 'csv' && !binaryProperty) {
		throw new NodeOperationError(ctx.getNode(), 'Set the Input Binary Field', {
			description: 'Name the binary property that holds the CSV file, for example data (what Read/Write Files from Disk and HTTP Request put out).',
		});
	}
	return { kind, binaryProperty, delimiter };
}

/**
 * The rows of the CSV files of input items `indexes` as contact records, read as a stream: each
 * record is numbered in the run (`index`) and knows its item and line. The header row names the
 * fields the identifier, consent and exclusion fields refer to.
 */
export async function* csvRecordsOf(
	ctx: IExecuteFunctions,
	indexes: readonly number[],
	source: ContactSource,
	numbering: { next: number },
): AsyncGenerator<ContactRecord> {
	for (const item of indexes) {
		const binary = ctx.helpers.assertBinaryData(item, source.binaryProperty);
		const chunks: AsyncIterable<Uint8Array> | Uint8Array[] = binary.id
			? ((await ctx.helpers.getBinaryStream(binary.id, CHUNK_BYTES)) as AsyncIterable<Uint8Array>)
			: [Buffer.from(binary.data, BINARY_ENCODING)];
		for await (const row of csvRows(chunks, { delimiter: source.delimiter })) {
			yield { index: numbering.next++, json: row.json, item, line: row.line };
		}
	}
}
