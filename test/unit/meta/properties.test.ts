import fc from 'fast-check';

import {
	COUNTRIES,
	isSha256Hex,
	normalizeBirthDay,
	normalizeBirthMonth,
	normalizeBirthYear,
	normalizeCountry,
	normalizeEmail,
	normalizeExternalId,
	normalizeGender,
	normalizeMobileAdvertiserId,
	parseDateOfBirth,
	sha256Hex,
	type ContactIdentifiers,
	type Normalized,
} from '../../../nodes/shared/identifiers';
import {
	buildMetaRow,
	META_HASHED_KEYS,
	META_SCHEMA_ORDER,
} from '../../../nodes/shared/platforms/meta/identifiers';
import {
	normalizeMetaCity,
	normalizeMetaFirstInitial,
	normalizeMetaName,
	normalizeMetaPhone,
	normalizeMetaState,
	normalizeMetaZip,
} from '../../../nodes/shared/platforms/meta/normalize';

const RUNS = { numRuns: 300 };
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const graphemeText = fc.string({ unit: 'grapheme', maxLength: 30 });
const HEX_32_PLUS = /^[0-9a-f]{32,}$/;
const WHITESPACE = /\s/u;

/** Value of an ok result that is plain text (not a prehashed digest), else undefined. */
function plain(result: Normalized): string | undefined {
	return result.ok && !result.prehashed ? result.value : undefined;
}

describe('hashing properties', () => {
	it('sha256Hex always gives 64 lowercase hex characters', () => {
		fc.assert(
			fc.property(anyText, (value) => {
				const hash = sha256Hex(value);
				expect(hash).toMatch(/^[0-9a-f]{64}$/);
				expect(isSha256Hex(hash)).toBe(true);
			}),
			RUNS,
		);
	});

	it('every hashed-key normalizer accepts any-case SHA-256 as prehashed, lowercased', () => {
		const normalizers: ((raw: string) => Normalized)[] = [
			normalizeEmail,
			(raw) => normalizeMetaPhone(raw, { country: 'US' }),
			(raw) => normalizeMetaName(raw, 'first_name'),
			(raw) => normalizeMetaName(raw, 'last_name'),
			normalizeMetaFirstInitial,
			normalizeMetaCity,
			(raw) => normalizeMetaState(raw, 'us'),
			(raw) => normalizeMetaZip(raw, 'us'),
			normalizeCountry,
			normalizeBirthYear,
			normalizeBirthMonth,
			normalizeBirthDay,
			normalizeGender,
		];
		fc.assert(
			fc.property(anyText, fc.mixedCase(fc.constant('abcdef')), (value, caseMask) => {
				const hash = sha256Hex(value);
				const mixed = hash.replace(/[a-f]/g, (c) =>
					caseMask.includes(c.toUpperCase()) ? c.toUpperCase() : c,
				);
				for (const normalize of normalizers) {
					expect(normalize(` ${mixed} `)).toEqual({ ok: true, value: hash, prehashed: true });
				}
			}),
			RUNS,
		);
	});
});

describe('name properties', () => {
	it('cleaned names have only lowercase letters and marks, and are idempotent', () => {
		fc.assert(
			fc.property(fc.oneof(anyText, graphemeText), (raw) => {
				const value = plain(normalizeMetaName(raw, 'first_name'));
				if (value === undefined) return;
				expect(value).not.toMatch(WHITESPACE);
				expect(value).not.toMatch(/[\p{N}\p{P}\p{S}\p{C}]/u);
				expect(value).toBe(value.toLowerCase());
				expect(value).toBe(value.normalize('NFC'));
				if (!HEX_32_PLUS.test(value)) {
					expect(normalizeMetaName(value, 'first_name')).toEqual({
						ok: true,
						value,
						prehashed: false,
					});
				}
			}),
			RUNS,
		);
	});

	it('the first initial is one letter of the cleaned name', () => {
		fc.assert(
			fc.property(fc.oneof(anyText, graphemeText), (raw) => {
				const name = plain(normalizeMetaName(raw, 'first_name'));
				const initial = plain(normalizeMetaFirstInitial(raw));
				if (name === undefined || HEX_32_PLUS.test(name)) return;
				expect(initial).toBeDefined();
				expect(name.startsWith(initial as string)).toBe(true);
				expect(normalizeMetaFirstInitial(initial as string)).toEqual({
					ok: true,
					value: initial,
					prehashed: false,
				});
			}),
			RUNS,
		);
	});
});

describe('location properties', () => {
	it('city and non-US state are a–z only and idempotent', () => {
		fc.assert(
			fc.property(fc.oneof(anyText, graphemeText, fc.string({ unit: 'grapheme-ascii' })), (raw) => {
				for (const normalize of [normalizeMetaCity, (r: string) => normalizeMetaState(r, 'fr')]) {
					const value = plain(normalize(raw));
					if (value === undefined || HEX_32_PLUS.test(value)) continue;
					expect(value).toMatch(/^[a-z]+$/);
					expect(plain(normalize(value))).toBe(value);
				}
			}),
			RUNS,
		);
	});

	it('ZIPs have no white space or uppercase and are idempotent', () => {
		fc.assert(
			fc.property(anyText, fc.constantFrom('us', 'gb', 'de', undefined), (raw, country) => {
				const value = plain(normalizeMetaZip(raw, country));
				if (value === undefined || HEX_32_PLUS.test(value)) return;
				expect(value).not.toMatch(WHITESPACE);
				expect(value).toBe(value.toLowerCase());
				if (country === 'us') expect(value).toMatch(/^\d{5}$/);
				expect(plain(normalizeMetaZip(value, country))).toBe(value);
			}),
			RUNS,
		);
	});

	it('every US ZIP+4 keeps its first five digits', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^\d{5}$/), fc.stringMatching(/^(-\d{4})?$/), (five, plus4) => {
				expect(normalizeMetaZip(` ${five}${plus4} `, 'US')).toEqual({
					ok: true,
					value: five,
					prehashed: false,
				});
			}),
			RUNS,
		);
	});

	it('every country resolves from its codes and name in any case, idempotently', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...COUNTRIES),
				fc.constantFrom('alpha2', 'alpha3', 'name') as fc.Arbitrary<'alpha2' | 'alpha3' | 'name'>,
				fc.boolean(),
				(country, field, upper) => {
					const raw = upper ? country[field].toUpperCase() : country[field].toLowerCase();
					const expected = country.alpha2.toLowerCase();
					expect(normalizeCountry(raw)).toEqual({ ok: true, value: expected, prehashed: false });
					expect(normalizeCountry(expected)).toEqual({
						ok: true,
						value: expected,
						prehashed: false,
					});
				},
			),
			RUNS,
		);
	});
});

describe('email properties', () => {
	it('valid addresses in any case and padding normalize to their lowercase form, idempotently', () => {
		fc.assert(
			fc.property(
				fc.mixedCase(fc.emailAddress()),
				fc.constantFrom('', ' ', '\t', '  \n'),
				(email, pad) => {
					const result = normalizeEmail(pad + email + pad);
					expect(result).toEqual({ ok: true, value: email.toLowerCase(), prehashed: false });
					expect(normalizeEmail(email.toLowerCase())).toEqual(result);
				},
			),
			RUNS,
		);
	});

	it('normalized e-mails never contain white space or uppercase', () => {
		fc.assert(
			fc.property(anyText, (raw) => {
				const value = plain(normalizeEmail(raw));
				if (value === undefined) return;
				expect(value).not.toMatch(WHITESPACE);
				expect(value).toBe(value.toLowerCase());
				expect(value.split('@')).toHaveLength(2);
			}),
			RUNS,
		);
	});
});

describe('phone properties', () => {
	const separators = fc.constantFrom(' ', '-', '.', '(', ')', '/', '');
	const phoneLike = fc
		.array(fc.tuple(fc.stringMatching(/^\d{1,4}$/), separators), { minLength: 1, maxLength: 6 })
		.chain((parts) =>
			fc
				.constantFrom('', '+', '00')
				.map((prefix) => prefix + parts.map(([digits, sep]) => digits + sep).join('')),
		);
	const country = fc.constantFrom(
		undefined,
		'US',
		'GB',
		'DE',
		'IT',
		'FR',
		'RU',
		'HU',
		'AU',
		'SG',
		'IN',
		'BR',
	);

	it('results are 8–15 digits with no leading zero, and stable in + form and without a country', () => {
		fc.assert(
			fc.property(phoneLike, country, country, (raw, contactCountry, defaultCountry) => {
				const value = plain(normalizeMetaPhone(raw, { country: contactCountry, defaultCountry }));
				if (value === undefined) return;
				expect(value).toMatch(/^[1-9]\d{7,14}$/);
				expect(plain(normalizeMetaPhone(`+${value}`, { country: contactCountry }))).toBe(value);
				expect(plain(normalizeMetaPhone(value, {}))).toBe(value);
			}),
			RUNS,
		);
	});

	it('a + number is independent of the country hints', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[1-9]\d{7,14}$/), country, country, (digits, a, b) => {
				expect(normalizeMetaPhone(`+${digits}`, { country: a, defaultCountry: b })).toEqual(
					normalizeMetaPhone(`+${digits}`, {}),
				);
			}),
			RUNS,
		);
	});

	it('letters are removed: the number reads as without them, or is rejected', () => {
		fc.assert(
			fc.property(phoneLike, fc.stringMatching(/^[A-Za-wyz]{1,6}$/), (raw, letters) => {
				const withLetters = normalizeMetaPhone(`${raw} ${letters}`, { country: 'US' });
				if (withLetters.ok) expect(withLetters).toEqual(normalizeMetaPhone(raw, { country: 'US' }));
			}),
			RUNS,
		);
	});

});

describe('birth properties', () => {
	const pad = (n: number) => String(n).padStart(2, '0');

	it('any real date from 1900 to today parses back in every accepted format', () => {
		const today = new Date();
		fc.assert(
			fc.property(
				fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: today, noInvalidDate: true }),
				(date) => {
					const y = date.getUTCFullYear();
					const m = date.getUTCMonth() + 1;
					const d = date.getUTCDate();
					const expected = { ok: true, year: String(y), month: pad(m), day: pad(d) };
					expect(parseDateOfBirth(`${y}-${pad(m)}-${pad(d)}`)).toEqual(expected);
					expect(parseDateOfBirth(date.toISOString())).toEqual(expected);
					expect(parseDateOfBirth(`${y}/${m}/${d}`)).toEqual(expected);
					expect(parseDateOfBirth(`${d}.${m}.${y}`)).toEqual(expected);
					expect(parseDateOfBirth(`${y}${pad(m)}${pad(d)}`)).toEqual(expected);
					if (d > 12) expect(parseDateOfBirth(`${d}/${m}/${y}`)).toEqual(expected);
					expect(parseDateOfBirth(`${m}/${d}/${y}`)).toEqual(expected);
				},
			),
			RUNS,
		);
	});

	it('months and days are zero-padded, in range and idempotent', () => {
		fc.assert(
			fc.property(fc.integer({ min: -5, max: 40 }), (n) => {
				const month = normalizeBirthMonth(String(n));
				const day = normalizeBirthDay(String(n));
				expect(month.ok).toBe(n >= 1 && n <= 12);
				expect(day.ok).toBe(n >= 1 && n <= 31);
				if (month.ok) {
					expect(month.value).toBe(pad(n));
					expect(normalizeBirthMonth(month.value)).toEqual(month);
				}
				if (day.ok) {
					expect(day.value).toBe(pad(n));
					expect(normalizeBirthDay(day.value)).toEqual(day);
				}
			}),
			RUNS,
		);
	});
});

describe('unhashed identifier properties', () => {
	it('any UUID is accepted as MADID, lowercase with hyphens', () => {
		fc.assert(
			fc.property(fc.uuid(), fc.boolean(), (uuid, upper) => {
				fc.pre(uuid !== '00000000-0000-0000-0000-000000000000');
				const result = normalizeMobileAdvertiserId(upper ? uuid.toUpperCase() : uuid);
				expect(result).toEqual({ ok: true, value: uuid.toLowerCase(), prehashed: false });
			}),
			RUNS,
		);
	});

	it('external IDs are only trimmed', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 100 }), (raw) => {
				const trimmed = raw.trim();
				// An e-mail or an international phone is refused (see the table tests).
				fc.pre(trimmed !== '' && !trimmed.includes('@') && !trimmed.startsWith('+'));
				expect(normalizeExternalId(`  ${raw}\n`)).toEqual({
					ok: true,
					value: trimmed,
					prehashed: false,
				});
			}),
			RUNS,
		);
	});
});

describe('privacy and row properties', () => {
	const SENTINEL = '§¶';
	const normalizers: ((raw: string) => Normalized)[] = [
		normalizeEmail,
		(raw) => normalizeMetaPhone(raw, { defaultCountry: 'US' }),
		(raw) => normalizeMetaName(raw, 'last_name'),
		normalizeMetaFirstInitial,
		normalizeMetaCity,
		(raw) => normalizeMetaState(raw, 'US'),
		(raw) => normalizeMetaZip(raw, 'US'),
		normalizeCountry,
		normalizeBirthYear,
		normalizeBirthMonth,
		normalizeBirthDay,
		normalizeGender,
		normalizeMobileAdvertiserId,
	];

	it('the bare sentinel is rejected by every normalizer, so the property below is not vacuous', () => {
		for (const normalize of normalizers) expect(normalize(SENTINEL)).toMatchObject({ ok: false });
	});

	it('rejection details never contain the raw value', () => {
		fc.assert(
			fc.property(anyText, (tail) => {
				const raw = SENTINEL + tail;
				for (const normalize of normalizers) {
					const result = normalize(raw);
					if (!result.ok) expect(result.detail).not.toContain(SENTINEL);
				}
				const date = parseDateOfBirth(raw);
				expect(date.ok).toBe(false);
				if (!date.ok) expect(date.detail).not.toContain(SENTINEL);
			}),
			RUNS,
		);
	});

	const field = fc.option(
		fc.oneof(anyText, fc.constantFrom('US', 'gb', 'John', '1990', '+1 555 987 6543', 'a@b.co')),
		{
			nil: undefined,
		},
	);
	const contact: fc.Arbitrary<ContactIdentifiers> = fc.record({
		email: field,
		phone: field,
		firstName: field,
		lastName: field,
		firstInitial: field,
		city: field,
		state: field,
		zip: field,
		country: field,
		birthYear: field,
		birthMonth: field,
		birthDay: field,
		dateOfBirth: field,
		gender: field,
		mobileAdvertiserId: field,
		externalId: field,
	});

	it('buildMetaRow never throws and emits only well-formed values', () => {
		fc.assert(
			fc.property(contact, fc.constantFrom(undefined, 'US', 'de', 'xx'), (c, defaultCountry) => {
				const row = buildMetaRow(c, { defaultCountry });
				for (const key of Object.keys(row.values)) expect(META_SCHEMA_ORDER).toContain(key);
				for (const key of META_HASHED_KEYS) {
					const value = row.values[key];
					if (value !== undefined) expect(value).toMatch(/^[0-9a-f]{64}$/);
				}
				for (const rejection of row.rejections) {
					const raw = c[rejection.field];
					expect(raw).toBeDefined();
					expect((raw as string).trim()).not.toBe('');
				}
				expect(typeof row.matchable).toBe('boolean');
				if (row.values.EMAIL || row.values.PHONE) expect(row.matchable).toBe(true);
			}),
			RUNS,
		);
	});
});
