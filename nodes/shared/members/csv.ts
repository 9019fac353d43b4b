/**
 * CSV input, streamed: an RFC 4180 parser fed chunk by chunk (quoted fields with "" escapes,
 * delimiters and line breaks inside quotes, CRLF or LF line ends, a UTF-8 byte-order mark), so a
 * file of any size is read with memory bounded by its longest record.
 */

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecord {
	/** Line of the file the record starts on (1 is the first line). */
	line: number;
	values: string[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Parses CSV text pushed in pieces of any size; `push` and `end` return the records completed.
 * Records that are empty lines are dropped.
 */
export class CsvParser {
	private readonly delimiter: number;
	private field = '';
	private values: string[] = [];
	/** Inside a quoted field; `quoteSeen`: its closing quote (or the first of a "" pair) was just read. */
	private quoted = false;
	private quoteSeen = false;
	/** The last character of the previous piece was a CR (its LF may open the next one). */
	private afterCr = false;
	private line = 1;
	private recordLine = 1;
	private started = false;

	constructor(delimiter: CsvDelimiter) {
		this.delimiter = delimiter.charCodeAt(0);
	}

	push(text: string): CsvRecord[] {
		const out: CsvRecord[] = [];
		const delimiter = this.delimiter;
		const length = text.length;
		let i = 0;
		if (this.afterCr && length > 0) {
			this.afterCr = false;
			if (text.charCodeAt(0) === LF) i = 1;
		}
		let start = i;
		while (i < length) {
			if (this.quoted) {
				if (this.quoteSeen) {
					this.quoteSeen = false;
					if (text.charCodeAt(i) === QUOTE) {
						// "" inside quotes: one quote of the value.
						this.field += '"';
						start = ++i;
						continue;
					}
					this.quoted = false;
					start = i;
					continue;
				}
				const close = text.indexOf('"', i);
				if (close === -1) {
					this.field += text.slice(i);
					this.line += countLineBreaks(text, i, length);
					return out;
				}
				this.field += text.slice(i, close);
				this.line += countLineBreaks(text, i, close);
				this.quoteSeen = true;
				i = close + 1;
				start = i;
				continue;
			}
			const c = text.charCodeAt(i);
			if (c === delimiter) {
				this.values.push(this.field + text.slice(start, i));
				this.field = '';
				this.started = true;
				start = ++i;
			} else if (c === LF || c === CR) {
				this.field += text.slice(start, i);
				this.finishRecord(out);
				this.line++;
				this.recordLine = this.line;
				i++;
				if (c === CR) {
					if (i === length) this.afterCr = true;
					else if (text.charCodeAt(i) === LF) i++;
				}
				start = i;
			} else if (c === QUOTE && i === start && this.field === '') {
				this.quoted = true;
				this.started = true;
				start = ++i;
			} else {
				// A quote inside an unquoted field is kept as it is (lenient, like most readers).
				i++;
			}
		}
		this.field += text.slice(start, length);
		if (this.field !== '') this.started = true;
		return out;
	}

	/** The last record, when the text does not end with a line break. */
	end(): CsvRecord[] {
		const out: CsvRecord[] = [];
		this.quoted = false;
		this.quoteSeen = false;
		this.finishRecord(out);
		return out;
	}

	private finishRecord(out: CsvRecord[]): void {
		if (this.started || this.field !== '' || this.values.length > 0) {
			this.values.push(this.field);
			out.push({ line: this.recordLine, values: this.values });
		}
		this.values = [];
		this.field = '';
		this.started = false;
	}
}

function countLineBreaks(text: string, from: number, to: number): number {
	let lines = 0;
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) lines++;
	}
	return lines;
}

/**
 * The delimiter of a header line: the one of ',', ';' and tab that occurs most outside quotes
 * (',' when none does).
 */
export function detectDelimiter(headerLine: string): CsvDelimiter {
	const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
	let quoted = false;
	for (const char of headerLine) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && char in counts) counts[char as CsvDelimiter]++;
	}
	let best: CsvDelimiter = ',';
	for (const candidate of [';', '\t'] as const) if (counts[candidate] > counts[best]) best = candidate;
	return best;
}

export interface CsvRowsOptions {
	/** ',', ';', tab, or 'auto' (from the header line). */
	delimiter: CsvDelimiter | 'auto';
}

/** A data row of a CSV file as a JSON object keyed by the header's column names. */
export interface CsvRow {
	line: number;
	json: Record<string, string>;
}

/**
 * The rows of a CSV file read from `chunks` (bytes, UTF-8), keyed by its header's column names
 * (trimmed; the byte-order mark dropped). A row with fewer values than columns lacks the last
 * ones; values beyond the header's columns are ignored.
 */
export async function* csvRows(
	chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
	options: CsvRowsOptions,
): AsyncGenerator<CsvRow> {
	const decoder = new TextDecoder('utf-8');
	let parser: CsvParser | undefined;
	let header: string[] | undefined;
	let head = '';
	const rowsOf = function* (records: CsvRecord[]): Generator<CsvRow> {
		for (const record of records) {
			if (header === undefined) {
				header = record.values.map((name) => name.trim());
				continue;
			}
			const json: Record<string, string> = {};
			const count = Math.min(header.length, record.values.length);
			for (let k = 0; k < count; k++) json[header[k]] = record.values[k];
			yield { line: record.line, json };
		}
	};
	const feed = (text: string): CsvRecord[] => {
		if (parser) return parser.push(text);
		head += text;
		// The delimiter is read from the whole first line, so wait for it (or the end).
		const lineEnd = head.search(/[\r\n]/);
		if (lineEnd === -1) return [];
		if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
		parser = new CsvParser(options.delimiter === 'auto' ? detectDelimiter(head.slice(0, head.search(/[\r\n]/))) : options.delimiter);
		const records = parser.push(head);
		head = '';
		return records;
	};
	for await (const chunk of chunks) {
		yield* rowsOf(feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })));
	}
	const rest = decoder.decode();
	if (!parser) {
		if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
		parser = new CsvParser(options.delimiter === 'auto' ? detectDelimiter(head) : options.delimiter);
		yield* rowsOf(parser.push(head + rest));
	} else if (rest) yield* rowsOf(parser.push(rest));
	yield* rowsOf(parser.end());
}
