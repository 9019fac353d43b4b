import { phoneToInternationalDigits, sha256Hex } from '../../../nodes/shared/identifiers';
import { normalizeMetaPhone } from '../../../nodes/shared/platforms/meta/normalize';

type Opts = { country?: string; defaultCountry?: string };

describe('normalizeMetaPhone: worked examples', () => {
	it('Meta’s example: +1 (555) 987-6543 → 15559876543 → its SHA-256', () => {
		const result = normalizeMetaPhone('+1 (555) 987-6543', {});
		expect(result).toEqual({ ok: true, value: '15559876543', prehashed: false });
		expect(result.ok && sha256Hex(result.value)).toBe(
			'1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e',
		);
	});

	it.each<[string, Opts, string]>([
		['07700 900123', { country: 'GB' }, '447700900123'],
		['0151 23456789', { country: 'DE' }, '4915123456789'],
		['0044 7700 900123', {}, '447700900123'],
		['555-987-6543', { defaultCountry: 'US' }, '15559876543'],
		['06 1234 5678', { country: 'IT' }, '390612345678'],
	])('%j %j → %s', (input, opts, expected) => {
		expect(normalizeMetaPhone(input, opts)).toEqual({ ok: true, value: expected, prehashed: false });
	});
});

describe('normalizeMetaPhone: international forms', () => {
	it.each<[string, Opts, string]>([
		['+15559876543', {}, '15559876543'],
		['+1.555.987.6543', {}, '15559876543'],
		['(+1) 555 987 6543', {}, '15559876543'],
		['+44 7700 900123', {}, '447700900123'],
		['+44 7700 900123', { country: 'US' }, '447700900123'], // '+' wins over the contact's country
		['+44 (0) 20 7946 0958', {}, '442079460958'], // stray trunk 0 after the code dropped
		['+44 020 7946 0958', {}, '442079460958'],
		['+49 (0)151 23456789', {}, '4915123456789'],
		['+33 (0)6 12 34 56 78', {}, '33612345678'],
		['+39 06 1234 5678', {}, '390612345678'], // Italy keeps its 0
		['+39 (0)6 1234 5678', {}, '390612345678'],
		['+378 0549 123456', {}, '3780549123456'], // San Marino keeps its 0
		['+7 912 345-67-89', {}, '79123456789'],
		['+91 98765 43210', {}, '919876543210'],
		['+86 138 1234 5678', {}, '8613812345678'],
		['+55 11 91234-5678', {}, '5511912345678'],
		['+61 4 1234 5678', {}, '61412345678'],
		['+81 90-1234-5678', {}, '819012345678'],
		['+353 87 123 4567', {}, '353871234567'],
		['00 44 7700 900123', {}, '447700900123'],
		['0044 7700 900123', { country: 'DE' }, '447700900123'],
		['0049 151 23456789', { country: 'DE' }, '4915123456789'],
		['011 44 7700 900123', { country: 'US' }, '447700900123'], // NANP's own prefix
		['011 49 151 23456789', { defaultCountry: 'CA' }, '4915123456789'],
		['0011 44 7700 900123', { country: 'AU' }, '447700900123'], // Australia's prefix
		['8 10 44 7700 900123', { country: 'RU' }, '447700900123'], // Russia's prefix
		['010 44 7700 900123', { country: 'JP' }, '447700900123'],
		['0044 7700 900123', { country: 'SG' }, '447700900123'], // 00 wins when SG's 00x reading is implausible
		['001 1 555 987 6543', { country: 'SG' }, '15559876543'], // SG's own 001 when 00 is implausible
		['tel:+1-555-987-6543', {}, '15559876543'],
		['＋１ ５５５ ９８７ ６５４３', {}, '15559876543'], // full-width forms
		['+1\u00a0555\u00a0987\u00a06543', {}, '15559876543'],
		['+1 555 987 6543', { country: 'not a country', defaultCountry: 'zz' }, '15559876543'],
	])('%j %j → %s', (input, opts, expected) => {
		expect(normalizeMetaPhone(input, opts)).toEqual({ ok: true, value: expected, prehashed: false });
	});
});

describe('normalizeMetaPhone: national forms', () => {
	it.each<[string, Opts, string]>([
		['(555) 987-6543', { country: 'US' }, '15559876543'],
		['555.987.6543', { country: 'us' }, '15559876543'],
		['1-555-987-6543', { country: 'US' }, '15559876543'], // NANP trunk 1
		['15559876543', { country: 'US' }, '15559876543'],
		['15559876543', {}, '15559876543'], // no country: already international
		['5559876543', { defaultCountry: 'US' }, '15559876543'],
		['613-555-0100', { country: 'CA' }, '16135550100'],
		['613-555-0100', { country: 'Canada' }, '16135550100'],
		['07700 900123', { country: 'GB' }, '447700900123'],
		['07700 900123', { country: 'United Kingdom' }, '447700900123'],
		['07700 900123', { country: 'gbr' }, '447700900123'],
		['07700 900123', { country: 'UK' }, '447700900123'],
		['07700 900123', { country: ' gb ' }, '447700900123'],
		['07700 900123', { defaultCountry: 'GB' }, '447700900123'],
		['07700 900123', { country: 'GB', defaultCountry: 'US' }, '447700900123'],
		['07700 900123', { country: 'not a country', defaultCountry: 'GB' }, '447700900123'], // invalid country → default
		['020 7946 0958', { country: 'GB' }, '442079460958'],
		['7700 900123', { country: 'GB' }, '447700900123'], // trunk 0 lost (spreadsheet): national length
		['447700900123', { country: 'GB' }, '447700900123'], // own code + national length: international
		['0151 23456789', { country: 'de' }, '4915123456789'],
		['030 1234567', { country: 'DE' }, '49301234567'],
		['4915123456789', { country: 'DE' }, '4915123456789'],
		['15123456789', { country: 'DE' }, '4915123456789'],
		['06 12 34 56 78', { country: 'FR' }, '33612345678'],
		['612345678', { country: 'FR' }, '33612345678'],
		['33612345678', { country: 'FR' }, '33612345678'],
		['06 1234 5678', { country: 'IT' }, '390612345678'],
		['06 1234 5678', { country: 'VA' }, '390612345678'],
		['312 345 6789', { country: 'IT' }, '393123456789'], // mobile, no leading 0
		['393123456789', { country: 'IT' }, '393123456789'], // 12 digits: not a national mobile length
		['0549 123456', { country: 'SM' }, '3780549123456'],
		['612 34 56 78', { country: 'ES' }, '34612345678'],
		['34612345678', { country: 'ES' }, '34612345678'],
		['20 12 34 56', { country: 'DK' }, '4520123456'],
		['8 (912) 345-67-89', { country: 'RU' }, '79123456789'], // trunk 8
		['79123456789', { country: 'RU' }, '79123456789'],
		['9123456789', { country: 'RU' }, '79123456789'],
		['06 30 123 4567', { country: 'HU' }, '36301234567'], // trunk 06
		['098765 43210', { country: 'IN' }, '919876543210'],
		['9876543210', { country: 'IN' }, '919876543210'],
		['919876543210', { country: 'IN' }, '919876543210'],
		['0412 345 678', { country: 'AU' }, '61412345678'],
		['090-1234-5678', { country: 'JP' }, '819012345678'],
		['087 123 4567', { country: 'IE' }, '353871234567'],
		['(11) 91234-5678', { country: 'BR' }, '5511912345678'],
		['0 30 1234567', { country: 'DE' }, '49301234567'],
	])('%j %j → %s', (input, opts, expected) => {
		expect(normalizeMetaPhone(input, opts)).toEqual({ ok: true, value: expected, prehashed: false });
	});
});

describe('normalizeMetaPhone: extensions', () => {
	it.each<[string, string]>([
		['+1 555 987 6543 ext 12', '15559876543'],
		['+1 555 987 6543 ext. 12', '15559876543'],
		['+1 555 987 6543 EXT12', '15559876543'],
		['+1 555 987 6543 extension 1234', '15559876543'],
		['+1 555 987 6543x12', '15559876543'],
		['+1 555 987 6543 x 12', '15559876543'],
		['+1 555 987 6543 X12', '15559876543'],
		['+1 555 987 6543 #12', '15559876543'],
		['+1 555 987 6543;ext=12', '15559876543'],
		['+1 555 987 6543, ext. 12', '15559876543'],
		['+44 20 7946 0958 ext 7', '442079460958'],
		['+1\u00a0555\u00a0987\u00a06543\u00a0ext.\u00a012', '15559876543'],
		['＋１ ５５５ ９８７ ６５４３ ｅｘｔ １２', '15559876543'],
	])('%j → %s', (input, expected) => {
		expect(normalizeMetaPhone(input, {})).toEqual({ ok: true, value: expected, prehashed: false });
	});
});

describe('normalizeMetaPhone: letters', () => {
	// Meta's guide: "remove symbols, letters, and any leading zeroes". A letter is removed, not a
	// reason to reject; the digits left must still make a plausible international number.
	it.each<[string, Opts, string]>([
		['+1 (555) 987-6543 mobile', {}, '15559876543'],
		['Tel. +1 (555) 987-6543', {}, '15559876543'],
		['phone: +44 20 7946 0958', {}, '442079460958'],
		['+1 555 987 6543 ext', {}, '15559876543'], // 'ext' with no number is just letters
		['555-987-6543 (cell)', { country: 'US' }, '15559876543'],
		['Mobil 0151 23456789', { country: 'DE' }, '4915123456789'],
		['+33 6 12 34 56 78 (privé)', {}, '33612345678'],
	])('%j %j → %s', (input, opts, expected) => {
		expect(normalizeMetaPhone(input, opts)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it('rejects digits that letters separated when together they are no plausible number', () => {
		expect(normalizeMetaPhone('555-987-6543 call after 5', { country: 'US' })).toEqual({
			ok: false,
			reason: 'invalid_phone',
			detail: 'not a plausible international number once its letters are removed',
		});
	});
});

describe('normalizeMetaPhone: rejections', () => {
	it.each<[string, Opts]>([
		// Letters are removed (see above); what is left must still be a number.
		['1-800-FLOWERS', { country: 'US' }], // '1800': too short
		['+1 555 CALL NOW', {}], // '+1555': too short
		['555-987-6543 call after 5', { country: 'US' }], // '55598765435': no plausible number
		['tel: unknown', {}],
		['n/a', {}],
		['07700 900123', {}], // national with trunk 0 and no country at all
		['0151 23456789', { country: 'zz' }],
		['+1 555', {}], // too short
		['+44 1234', {}],
		['1234567', {}],
		['+1 555 987 6543 123 4567', {}], // 17 digits: too long
		['+999 1234 5678', {}], // unknown calling code
		['+0 12 34', {}], // leading zero removed, then too short
		['+1 555 +1 555', {}], // two plus signs
		['()- ', {}],
		['+', {}],
		['٠٧٧٠٠ ٩٠٠١٢٣', { country: 'GB' }], // Arabic-Indic digits are not silently dropped
		['d41d8cd98f00b204e9800998ecf8427e', {}], // an MD5 digest is not a hash Meta accepts
		['+1' + ' '.repeat(200) + '5559876543', {}], // over 100 characters
	])('%j %j is rejected', (input, opts) => {
		const result = normalizeMetaPhone(input, opts);
		expect(result).toMatchObject({ ok: false, reason: 'invalid_phone' });
		expect(!result.ok && result.detail).not.toContain(input.trim());
	});

	it('reports a national number without a country as such', () => {
		expect(normalizeMetaPhone('07700 900123', {})).toMatchObject({
			ok: false,
			detail: 'written nationally (leading 0) but no country is known',
		});
	});
});

describe('normalizeMetaPhone: prehashed', () => {
	it.each([
		'1EF970831D7963307784FA8688E8FCE101A15685D62AA765FED23F3A2C576A4E',
		' 1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e ',
	])('%j is accepted as prehashed, lowercased', (input) => {
		expect(normalizeMetaPhone(input, { country: 'US' })).toEqual({
			ok: true,
			value: '1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e',
			prehashed: true,
		});
	});
});

describe('phoneToInternationalDigits', () => {
	it('gives the digits the Google normalizer will prefix with +', () => {
		expect(phoneToInternationalDigits('(800) 555-0100', { defaultCountry: 'US' })).toEqual({
			ok: true,
			digits: '18005550100',
		});
	});

	it('does not treat a 64-hex value as a hash (that is the Meta wrapper’s job)', () => {
		expect(
			phoneToInternationalDigits('1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e')
				.ok,
		).toBe(false);
	});
});

describe('normalizeMetaPhone: leading zeros', () => {
	// Meta: "remove symbols, letters, and any leading zeroes" (Google, E.164, rejects these instead).
	it.each([
		['+0 44 20 7946 0958', '442079460958'],
		['+01 555 987 6543', '15559876543'],
		['00 0 44 20 7946 0958', '442079460958'],
	])('%j → %s', (input, expected) => {
		expect(normalizeMetaPhone(input, {})).toEqual({ ok: true, value: expected, prehashed: false });
	});
});

describe('normalizeMetaPhone: stray trunk zeros after the code', () => {
	it.each([
		['+90 0 0 212 123 45 67', '902121234567'],
		['+44 00 20 7946 0958', '442079460958'],
	])('%j → %s', (input, expected) => {
		expect(normalizeMetaPhone(input, {})).toEqual({ ok: true, value: expected, prehashed: false });
	});
});
