/**
 * The normalizers take shortcuts for the common cases (plain Latin names, phones of digits and
 * punctuation only, plain ASCII addresses, countries written the same way again): each shortcut
 * must give exactly what the general path gives. The general path is reached by a variation the
 * rules read the same way (a trailing comma after a name, a 'tel:' before a phone, non-ASCII
 * letters elsewhere in the address).
 */
import fc from 'fast-check';

import { normalizeCountry, normalizeEmail } from '../../../nodes/shared/identifiers';
import { isBlank, present } from '../../../nodes/shared/identifiers/text';
import { normalizeMetaName, normalizeMetaPhone } from '../../../nodes/shared/platforms/meta/normalize';
import { normalizeGoogleName } from '../../../nodes/shared/platforms/google/names';
import { normalizeGooglePhone, normalizeGoogleRegionCode } from '../../../nodes/shared/platforms/google/normalize';

const RUNS = { numRuns: 500 };
const word = fc.stringMatching(/^[A-Za-z]{1,8}$/);
const honorific = fc.constantFrom('Mr', 'mrs', 'DR', 'Jr', 'iii', 'PhD', 'esq', 'Sr', 'v', 'Miss');
/** Words one space apart, honorifics among them. */
const plainName = fc.array(fc.oneof(word, honorific), { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
const phoneText = fc.stringMatching(/^[0-9 +()./-]{0,22}$/);
const country = fc.constantFrom(undefined, 'US', 'GB', 'IT', 'AU', 'RU', 'HU', 'BR', 'IN', 'FR', 'DE');

describe('shortcuts agree with the general path', () => {
	it('Google names of plain Latin words: the same as with a comma after them', () => {
		fc.assert(
			fc.property(plainName, fc.constantFrom('first_name', 'last_name') as fc.Arbitrary<'first_name' | 'last_name'>, (name, field) => {
				expect(normalizeGoogleName(name, field)).toEqual(normalizeGoogleName(`${name},`, field));
			}),
			RUNS,
		);
	});

	it("phones of digits and punctuation only: the same as written as a 'tel:' URI", () => {
		fc.assert(
			fc.property(phoneText, country, (phone, contactCountry) => {
				const opts = { country: contactCountry, defaultCountry: 'US' };
				expect(normalizeGooglePhone(phone, opts)).toEqual(normalizeGooglePhone(`tel:${phone.trim()}`, opts));
				expect(normalizeMetaPhone(phone, opts)).toEqual(normalizeMetaPhone(`tel:${phone.trim()}`, opts));
			}),
			RUNS,
		);
	});

	it('plain ASCII addresses: accepted exactly when the same address under an IDN label is', () => {
		const local = fc.stringMatching(/^[a-z0-9._%+-]{1,20}$/);
		const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
		fc.assert(
			fc.property(local, fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/), (user, labels, tld) => {
				const ascii = normalizeEmail(`${user}@${labels.join('.')}.${tld}`);
				// A label 'é' in front sends the domain through the general (Unicode) check, and is valid itself.
				const general = normalizeEmail(`${user}@é.${labels.join('.')}.${tld}`);
				expect(ascii.ok).toBe(general.ok);
			}),
			RUNS,
		);
	});

	it('a country written again gives the same result as the first time', () => {
		const written = fc.constantFrom('US', ' us ', 'United States', 'U.S.', 'Deutschland', 'gbr', 'UK', 'Narnia', 'D.E.', '');
		fc.assert(
			fc.property(fc.array(written, { minLength: 1, maxLength: 20 }), (values) => {
				for (const value of values) {
					expect(normalizeCountry(value)).toEqual(normalizeCountry(`${value}`.slice(0)));
					expect(normalizeGoogleRegionCode(value)).toEqual(normalizeGoogleRegionCode(value));
				}
			}),
			{ numRuns: 20 },
		);
	});

	it('a blank field is one trim() would empty, whatever its first character', () => {
		const spaces = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', '\u3000', '\u180e', '');
		const text = fc.array(fc.oneof(spaces, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 5 }).map((parts) => parts.join(''));
		fc.assert(
			fc.property(text, (value) => {
				expect(isBlank(value)).toBe(value.trim() === '');
				expect(present(value)).toBe(value.trim() === '' ? undefined : value);
			}),
			{ numRuns: 2000 },
		);
	});

	it('names met again give the same result as the first time, for both platforms and both fields', () => {
		const written = fc.constantFrom('Ana', ' Mary  Ann ', 'Dr. Quinn', 'Jr.', "O'Brien", 'José', 'Ng III', '');
		const field = fc.constantFrom('first_name', 'last_name') as fc.Arbitrary<'first_name' | 'last_name'>;
		fc.assert(
			fc.property(fc.array(fc.tuple(written, field), { minLength: 1, maxLength: 20 }), (values) => {
				for (const [value, which] of values) {
					expect(normalizeGoogleName(value, which)).toEqual(normalizeGoogleName(`${value},`, which));
					expect(normalizeMetaName(value, which)).toEqual(normalizeMetaName(`${value}.`, which));
				}
			}),
			{ numRuns: 50 },
		);
	});
});
