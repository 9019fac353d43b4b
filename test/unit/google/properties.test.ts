import fc from 'fast-check';

import {
	COUNTRIES,
	normalizeEmail,
	sha256Hex,
	type ContactIdentifiers,
	type Normalized,
} from '../../../nodes/shared/identifiers';
import { buildGoogleMember } from '../../../nodes/shared/platforms/google/identifiers';
import { normalizeGoogleName } from '../../../nodes/shared/platforms/google/names';
import {
	normalizeGoogleEmail,
	normalizeGooglePhone,
	normalizeGooglePostalCode,
	normalizeGoogleRegionCode,
} from '../../../nodes/shared/platforms/google/normalize';

const RUNS = { numRuns: 300 };
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const graphemeText = fc.string({ unit: 'grapheme', maxLength: 30 });
const HEX_32_PLUS = /^[0-9a-f]{32,}$/;
const LOWER_HEX_64 = /^[0-9a-f]{64}$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const WHITESPACE = /\s/u;

/** Value of an ok result that is plain text (not a prehashed digest), else undefined. */
function plain(result: Normalized): string | undefined {
	return result.ok && !result.prehashed ? result.value : undefined;
}

/** Asserts normalize(value) gives value back, unless the value itself reads as a digest. */
function expectFixedPoint(normalize: (raw: string) => Normalized, value: string): void {
	if (HEX_32_PLUS.test(value)) return;
	expect(normalize(value)).toEqual({ ok: true, value, prehashed: false });
}

describe('Google prehashed values', () => {
	it('every hashed Google normalizer accepts any-case SHA-256 as prehashed, lowercased', () => {
		const normalizers: ((raw: string) => Normalized)[] = [
			normalizeGoogleEmail,
			(raw) => normalizeGooglePhone(raw, { country: 'US' }),
			(raw) => normalizeGoogleName(raw, 'first_name'),
			(raw) => normalizeGoogleName(raw, 'last_name'),
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
				// Region and postal code are never hashed: a digest cannot be used there.
				expect(normalizeGoogleRegionCode(mixed).ok).toBe(false);
				expect(normalizeGooglePostalCode(mixed, 'FR').ok).toBe(false);
			}),
			RUNS,
		);
	});
});

describe('Google e-mail properties', () => {
	it('any text: a result is lowercase, without white space, and a fixed point', () => {
		fc.assert(
			fc.property(fc.oneof(anyText, fc.emailAddress()), (raw) => {
				const value = plain(normalizeGoogleEmail(raw));
				if (value === undefined) return;
				expect(value).not.toMatch(WHITESPACE);
				expect(value).toBe(value.toLowerCase());
				expectFixedPoint(normalizeGoogleEmail, value);
			}),
			RUNS,
		);
	});

	it('non-Gmail addresses normalize exactly as Meta’s, white space aside', () => {
		fc.assert(
			fc.property(
				fc.mixedCase(fc.emailAddress()),
				fc.constantFrom('', ' ', '\t', '  \n'),
				(email, pad) => {
					const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
					fc.pre(domain !== 'gmail.com' && domain !== 'googlemail.com');
					expect(normalizeGoogleEmail(pad + email + pad)).toEqual(normalizeEmail(email));
				},
			),
			RUNS,
		);
	});

	it('Gmail: dots, the +suffix and inner white space never change the result', () => {
		const localChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-');
		fc.assert(
			fc.property(
				fc.string({ unit: localChar, minLength: 1, maxLength: 20 }),
				fc.array(fc.nat({ max: 20 }), { maxLength: 5 }),
				fc.option(fc.string({ unit: localChar, maxLength: 8 }), { nil: undefined }),
				fc.constantFrom('gmail.com', 'GoogleMail.com', 'GMAIL.COM'),
				fc.boolean(),
				(local, dotPositions, suffix, domain, spaced) => {
					let dotted = local;
					for (const position of dotPositions) {
						const at = Math.min(position, dotted.length);
						dotted = `${dotted.slice(0, at)}.${dotted.slice(at)}`;
					}
					const tag = suffix === undefined ? '' : `+${suffix}`;
					const raw = `${dotted}${tag}${spaced ? ' @ ' : '@'}${domain}`;
					expect(normalizeGoogleEmail(raw)).toEqual({
						ok: true,
						value: `${local}@${domain.toLowerCase()}`,
						prehashed: false,
					});
				},
			),
			RUNS,
		);
	});
});

describe('Google phone properties', () => {
	it('a result is E.164 with its +, and a fixed point', () => {
		const phoneLike = fc.string({ unit: fc.constantFrom(...'0123456789 +-().'), maxLength: 24 });
		fc.assert(
			fc.property(
				fc.oneof(anyText, phoneLike),
				fc.constantFrom('US', 'GB', 'FR', 'IT', 'IN', undefined),
				fc.constantFrom('US', 'DE', undefined),
				(raw, country, defaultCountry) => {
					const value = plain(normalizeGooglePhone(raw, { country, defaultCountry }));
					if (value === undefined) return;
					expect(value).toMatch(E164);
					expect(normalizeGooglePhone(value, { country, defaultCountry })).toEqual({
						ok: true,
						value,
						prehashed: false,
					});
					expect(normalizeGooglePhone(value, {})).toEqual({ ok: true, value, prehashed: false });
				},
			),
			RUNS,
		);
	});
});

describe('Google name properties', () => {
	it('a result is lowercase NFC letters, marks, inner hyphens and single spaces, and a fixed point', () => {
		fc.assert(
			fc.property(
				fc.oneof(anyText, graphemeText, fc.string({ unit: 'grapheme-ascii', maxLength: 30 })),
				fc.constantFrom('first_name', 'last_name') as fc.Arbitrary<'first_name' | 'last_name'>,
				(raw, field) => {
					const value = plain(normalizeGoogleName(raw, field));
					if (value === undefined) return;
					expect(value).toBe(value.toLowerCase());
					expect(value).toBe(value.normalize('NFC'));
					expect(value).not.toMatch(/[\p{N}\p{S}\p{C}]/u);
					expect(value.replace(/-/g, '')).not.toMatch(/\p{P}/u);
					expect(value).not.toMatch(/^[\s-]|[\s-]$|\s\s|--|-\s|\s-|[^\S ]/u);
					expectFixedPoint((r) => normalizeGoogleName(r, field), value);
				},
			),
			RUNS,
		);
	});

	it('honorifics around a name are removed; the name itself stays', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('Quinn', 'Mrozek', 'Ivy', 'Quinn-Alex', 'Zoë', 'Иван'),
				fc.array(fc.constantFrom('Mr.', 'Mrs', 'Ms.', 'Miss', 'Dr', 'Prof.', 'Sir'), {
					maxLength: 3,
				}),
				fc.array(fc.constantFrom(', Jr.', ' Sr', ' III', ', DDS', ' PhD', ' 2nd', ', Esq.'), {
					maxLength: 3,
				}),
				(name, prefixes, suffixes) => {
					const raw = [...prefixes, name].join(' ') + suffixes.join('');
					expect(normalizeGoogleName(raw, 'last_name')).toEqual({
						ok: true,
						value: name.toLowerCase(),
						prehashed: false,
					});
				},
			),
			RUNS,
		);
	});
});

describe('Google region and postal code properties', () => {
	it('every country resolves to its uppercase alpha-2 from its codes and name, idempotently', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...COUNTRIES),
				fc.constantFrom('alpha2', 'alpha3', 'name') as fc.Arbitrary<'alpha2' | 'alpha3' | 'name'>,
				fc.boolean(),
				(country, field, upper) => {
					const raw = upper ? country[field].toUpperCase() : country[field].toLowerCase();
					expect(normalizeGoogleRegionCode(raw)).toEqual({
						ok: true,
						value: country.alpha2,
						prehashed: false,
					});
					expectFixedPoint(normalizeGoogleRegionCode, country.alpha2);
				},
			),
			RUNS,
		);
	});

	it('postal codes are plain, trimmed, at most 20 characters and a fixed point', () => {
		fc.assert(
			fc.property(
				fc.oneof(anyText, fc.stringMatching(/^\s?\d{5}-?\d{0,4}\s?$/)),
				fc.constantFrom('US', 'us', 'GB', 'DE', 'CA', undefined),
				(raw, region) => {
					const value = plain(normalizeGooglePostalCode(raw, region));
					if (value === undefined) return;
					expect(value).toBe(value.trim());
					expect(value).not.toMatch(/\s\s|[^\S ]/u);
					expect(value.length).toBeLessThanOrEqual(20);
					if (region?.toUpperCase() === 'US') expect(value).toMatch(/^\d{5}(-\d{4})?$/);
					else expect(value).toBe(value.toUpperCase());
					expectFixedPoint((r) => normalizeGooglePostalCode(r, region), value);
				},
			),
			RUNS,
		);
	});
});

describe('buildGoogleMember properties', () => {
	const field = fc.option(fc.oneof(anyText, graphemeText), { nil: undefined });
	const contact: fc.Arbitrary<ContactIdentifiers> = fc.record({
		email: fc.option(fc.oneof(fc.emailAddress(), anyText), { nil: undefined }),
		phone: fc.option(fc.oneof(fc.stringMatching(/^\+?[1-9]\d{9,12}$/), anyText), {
			nil: undefined,
		}),
		firstName: field,
		lastName: field,
		country: fc.option(fc.constantFrom('US', 'gb', 'France', 'XX', ''), { nil: undefined }),
		zip: fc.option(fc.oneof(fc.stringMatching(/^\d{5}$/), anyText), { nil: undefined }),
	});

	it('identifiers are well formed, ordered, at most 10, and matchable iff any', () => {
		fc.assert(
			fc.property(contact, fc.constantFrom('US', 'GB', undefined), (input, defaultCountry) => {
				const member = buildGoogleMember(input, { defaultCountry });
				expect(member.identifiers.length).toBeLessThanOrEqual(10);
				expect(member.matchable).toBe(member.identifiers.length > 0);
				const keys = member.identifiers.map((identifier) => Object.keys(identifier));
				for (const key of keys) expect(key).toHaveLength(1);
				const order = ['emailAddress', 'phoneNumber', 'address'];
				const positions = keys.map((key) => order.indexOf(key[0]));
				expect(positions).toEqual([...positions].sort());
				for (const identifier of member.identifiers) {
					if ('emailAddress' in identifier) expect(identifier.emailAddress).toMatch(LOWER_HEX_64);
					if ('phoneNumber' in identifier) expect(identifier.phoneNumber).toMatch(LOWER_HEX_64);
					if ('address' in identifier) {
						const { givenName, familyName, regionCode, postalCode } = identifier.address;
						expect(givenName).toMatch(LOWER_HEX_64);
						expect(familyName).toMatch(LOWER_HEX_64);
						expect(regionCode).toMatch(/^[A-Z]{2}$/);
						expect(postalCode).not.toBe('');
						expect(member.incompleteAddress).toBeUndefined();
					}
				}
				const hasAddress = keys.some((key) => key[0] === 'address');
				if (member.incompleteAddress !== undefined) {
					expect(hasAddress).toBe(false);
					expect(member.incompleteAddress.length).toBeGreaterThan(0);
				}
				for (const rejection of member.rejections) expect(rejection.detail).not.toBe('');
			}),
			RUNS,
		);
	});
});
