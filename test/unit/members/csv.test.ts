import fc from 'fast-check';

import type { CsvDelimiter } from '../../../nodes/shared/members/csv';
import { CsvParser, csvRows, detectDelimiter } from '../../../nodes/shared/members/csv';

/** Parses `text` pushed in the given pieces. */
function parse(pieces: string[], delimiter: CsvDelimiter = ',') {
	const parser = new CsvParser(delimiter);
	return [...pieces.flatMap((piece) => parser.push(piece)), ...parser.end()];
}
const values = (pieces: string[], delimiter: CsvDelimiter = ',') => parse(pieces, delimiter).map((record) => record.values);

async function rowsOf(chunks: Array<Uint8Array | string>, delimiter: CsvDelimiter | 'auto' = 'auto') {
	const out = [];
	async function* source() {
		yield* chunks;
	}
	for await (const row of csvRows(source(), { delimiter })) out.push(row);
	return out;
}

describe('CSV parser (RFC 4180)', () => {
	it.each([
		['plain fields', ['a,b,c\n1,2,3\n'], [['a', 'b', 'c'], ['1', '2', '3']]],
		['no final line break', ['a,b\n1,2'], [['a', 'b'], ['1', '2']]],
		['CRLF line ends', ['a,b\r\n1,2\r\n'], [['a', 'b'], ['1', '2']]],
		['lone CR line ends', ['a,b\r1,2\r'], [['a', 'b'], ['1', '2']]],
		['empty fields', [',,\n'], [['', '', '']]],
		['empty lines skipped', ['a\n\n\nb\n'], [['a'], ['b']]],
		['a quoted field with the delimiter', ['"a,b",c\n'], [['a,b', 'c']]],
		['a quoted field with line breaks', ['"line 1\nline 2",x\r\n'], [['line 1\nline 2', 'x']]],
		['escaped quotes', ['"say ""hi""",y\n'], [['say "hi"', 'y']]],
		['an empty quoted field', ['"",x\n""\n'], [['', 'x'], ['']]],
		['a quote inside an unquoted field is kept', ['5"7,b\n'], [['5"7', 'b']]],
		['spaces are kept', [' a , b \n'], [[' a ', ' b ']]],
		['split inside a quoted field', ['"ab', 'c,d', '"', ',e\n'], [['abc,d', 'e']]],
		['split between the quotes of a ""', ['"a"', '"b"\n'], [['a"b']]],
		['split between CR and LF', ['a\r', '\nb\r', '\n'], [['a'], ['b']]],
		['non-Latin text and emoji', ['Zoë,Ångström,محمد,👩‍👩‍👧\n'], [['Zoë', 'Ångström', 'محمد', '👩‍👩‍👧']]],
	])('%s', (_, pieces, expected) => {
		expect(values(pieces)).toEqual(expected);
	});

	it('takes ; and tab as delimiters', () => {
		expect(values(['a;"b;c"\n'], ';')).toEqual([['a', 'b;c']]);
		expect(values(['a\tb,c\n'], '\t')).toEqual([['a', 'b,c']]);
	});

	it('numbers each record by the line it starts on', () => {
		expect(parse(['h\n"two\nlines"\n\nlast\n']).map((record) => record.line)).toEqual([1, 2, 5]);
	});

	it('reads back any table written the RFC 4180 way, however the text is cut', () => {
		const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('"', '""', ',', ';', '\n', '\r\n', 'a"b', ' ', 'é'));
		const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
		fc.assert(
			fc.property(table, fc.constantFrom<CsvDelimiter>(',', ';', '\t'), fc.array(fc.nat(), { maxLength: 6 }), (rows, delimiter, cuts) => {
				const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
				const text = rows.map((row) => row.map(quote).join(delimiter)).join('\r\n');
				const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
				const pieces = [0, ...points].map((from, k) => text.slice(from, [...points, text.length][k]));
				expect(values(pieces, delimiter)).toEqual(rows);
			}),
			{ numRuns: 300, seed: 20261203 },
		);
	});
});

describe('CSV rows of a file', () => {
	it.each([
		['email,phone\n', ','],
		['email;phone;first_name\n', ';'],
		['email\tphone\n', '\t'],
		['"e;mail",phone\n', ','],
		['email\n', ','],
	])('detects the delimiter of %j', (line, expected) => {
		expect(detectDelimiter(line)).toBe(expected);
	});

	it('keys the rows by the header, with the line numbers, from UTF-8 bytes cut anywhere', async () => {
		const bytes = new TextEncoder().encode('\uFEFFemail; phone ;name\r\na@b.co;+1 415;"Zoë; Å"\r\nc@d.co;;\r\n\r\ne@f.co\r\n');
		// Cut inside the byte-order mark and inside the two-byte letters.
		const chunks = [bytes.slice(0, 1), bytes.slice(1, 40), bytes.slice(40, 41), bytes.slice(41)];
		expect(await rowsOf(chunks)).toEqual([
			{ line: 2, json: { email: 'a@b.co', phone: '+1 415', name: 'Zoë; Å' } },
			{ line: 3, json: { email: 'c@d.co', phone: '', name: '' } },
			{ line: 5, json: { email: 'e@f.co' } },
		]);
	});

	it('reads a file of a header only, and an empty one', async () => {
		expect(await rowsOf(['email,phone'])).toEqual([]);
		expect(await rowsOf([])).toEqual([]);
	});

	it('uses the delimiter it is given', async () => {
		expect(await rowsOf(['a;b\n1;2\n'], ',')).toEqual([{ line: 2, json: { 'a;b': '1;2' } }]);
	});
});
