import { sha256Hex } from '../../../nodes/shared/identifiers';
import {
	normalizeMetaFirstInitial,
	normalizeMetaName,
} from '../../../nodes/shared/platforms/meta/normalize';

describe('normalizeMetaName', () => {
	it.each([
		['John', 'john'],
		['  JOHN  ', 'john'],
		['Valéry', 'valéry'],
		['Vale\u0301ry', 'valéry'], // decomposed input is composed (NFC)
		['VALÉRY', 'valéry'],
		['정', '정'],
		['\u1100\u1161', '가'], // conjoining jamo compose to a syllable
		["O'Brien", 'obrien'],
		['O’Brien', 'obrien'],
		['Mary-Jane', 'maryjane'],
		['Mary Jane', 'maryjane'],
		['Mary  Ann\tLee', 'maryannlee'],
		['J.R.R.', 'jrr'],
		['Smith3', 'smith'],
		['4ever Young', 'everyoung'],
		['Zoë', 'zoë'],
		['Øyvind', 'øyvind'],
		['Straße', 'straße'],
		['ÆSIR', 'æsir'],
		['Łukasz', 'łukasz'],
		['Ñúñez', 'ñúñez'],
		['Иван', 'иван'],
		['ΑΛΈΞΑΝΔΡΟΣ', 'αλέξανδρος'],
		['山田', '山田'],
		['さくら', 'さくら'],
		['محمد', 'محمد'],
		['דוד', 'דוד'],
		['प्रिया', 'प्रिया'], // Devanagari: combining vowel signs and virama kept
		['สมชาย', 'สมชาย'],
		['Anne-Marie ❤️', 'annemarie'],
		['John (Jack)', 'johnjack'],
		['Dr.', 'dr'],
		['de la Cruz', 'delacruz'],
	])('%j → %j', (input, expected) => {
		const first = normalizeMetaName(input, 'first_name');
		const last = normalizeMetaName(input, 'last_name');
		expect(first).toEqual({ ok: true, value: expected, prehashed: false });
		expect(last).toEqual(first);
	});

	it('hashes the NFC UTF-8 form of accented names', () => {
		const result = normalizeMetaName('Vale\u0301ry', 'first_name');
		expect(result.ok && sha256Hex(result.value)).toBe(sha256Hex('val\u00e9ry'));
	});

	it.each(['123', '   ', '---', "''", '😀', '42 !', '.'])(
		'%j leaves no letters: rejected',
		(input) => {
			expect(normalizeMetaName(input, 'first_name')).toMatchObject({
				ok: false,
				reason: 'invalid_first_name',
			});
			expect(normalizeMetaName(input, 'last_name')).toMatchObject({
				ok: false,
				reason: 'invalid_last_name',
			});
		},
	);

	it('rejects an MD5 digest instead of keeping its letters', () => {
		expect(normalizeMetaName('527BD5B5D689E2C32AE974C6229FF785', 'last_name')).toMatchObject({
			ok: false,
			reason: 'invalid_last_name',
		});
	});

	it('accepts a prehashed value, lowercased', () => {
		const hash = sha256Hex('john');
		expect(normalizeMetaName(` ${hash.toUpperCase()} `, 'first_name')).toEqual({
			ok: true,
			value: hash,
			prehashed: true,
		});
	});
});

describe('normalizeMetaFirstInitial', () => {
	it.each([
		['J', 'j'],
		['j', 'j'],
		['J.', 'j'],
		[' J. ', 'j'],
		['.J', 'j'],
		['John', 'j'],
		['(J)', 'j'],
		['É', 'é'],
		['E\u0301.', 'é'],
		['Łukasz', 'ł'],
		['정', '정'],
		['Иван', 'и'],
		['प्रिया', 'प्'],
		['3J', 'j'],
	])('%j → %j', (input, expected) => {
		expect(normalizeMetaFirstInitial(input)).toEqual({
			ok: true,
			value: expected,
			prehashed: false,
		});
	});

	it.each(['.', '1', '   ', '-', '😀'])('%j is rejected', (input) => {
		expect(normalizeMetaFirstInitial(input)).toMatchObject({
			ok: false,
			reason: 'invalid_first_initial',
		});
	});

	it('accepts a prehashed initial', () => {
		const hash = sha256Hex('j');
		expect(normalizeMetaFirstInitial(hash.toUpperCase())).toEqual({
			ok: true,
			value: hash,
			prehashed: true,
		});
	});
});
