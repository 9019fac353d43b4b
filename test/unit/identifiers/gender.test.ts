import { normalizeGender, sha256Hex } from '../../../nodes/shared/identifiers';

describe('normalizeGender', () => {
	it.each([
		['m', 'm'],
		['M', 'm'],
		[' male ', 'm'],
		['MALE', 'm'],
		['Male', 'm'],
		['f', 'f'],
		['F', 'f'],
		['female', 'f'],
		['FEMALE', 'f'],
		['\tFemale\n', 'f'],
	])('%j → %j', (input, expected) => {
		expect(normalizeGender(input)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it.each([
		'man',
		'woman',
		'w',
		'x',
		'other',
		'non-binary',
		'unknown',
		'u',
		'0',
		'1',
		'M.',
		'fem',
		'males',
		'mf',
		'männlich',
		'   ',
	])('%j is rejected, never guessed', (input) => {
		expect(normalizeGender(input)).toMatchObject({ ok: false, reason: 'invalid_gender' });
	});

	it('accepts a prehashed value, lowercased', () => {
		const hash = sha256Hex('f').toUpperCase();
		expect(normalizeGender(hash)).toEqual({ ok: true, value: hash.toLowerCase(), prehashed: true });
	});
});
