import { getPopulation } from '../../sandbox/population';
import type { RawContact } from '../../sandbox/population';
import { googleHash, googleIdentifiersOf, googleHashedMember } from '../../sandbox/testing';

const population = getPopulation(1, 3000);

// A deliberately small, independent normalizer: what a CORRECT client does to a CRM contact
// before hashing for Google (Data Manager "Format user data" + precisions.md).
const CALLING_CODES: Record<string, string> = {
	us: '1',
	gb: '44',
	de: '49',
	fr: '33',
	it: '39',
	es: '34',
	kr: '82',
};
const COUNTRY_NAMES: Record<string, string> = {
	'united states': 'us',
	'united states of america': 'us',
	'united kingdom': 'gb',
	germany: 'de',
	france: 'fr',
	italy: 'it',
	spain: 'es',
	'south korea': 'kr',
};

function googleNormalize(c: RawContact) {
	const country = COUNTRY_NAMES[c.country.trim().toLowerCase()] ?? c.country.trim().toLowerCase();
	let email = c.email.replace(/\s+/g, '').toLowerCase();
	const [local, domain] = email.split('@');
	if (domain === 'gmail.com' || domain === 'googlemail.com')
		email = `${local.split('+')[0].replace(/\./g, '')}@${domain}`;
	const rawPhone = c.phone.trim();
	let digits = rawPhone.replace(/\D/g, '');
	if (!rawPhone.startsWith('+')) {
		if (digits.startsWith('00')) digits = digits.slice(2);
		else if (!(country === 'us' && digits.length === 11 && digits.startsWith('1')))
			digits = CALLING_CODES[country] + digits.replace(/^0+/, '');
	}
	const name = (s: string) =>
		s
			.normalize('NFC')
			.toLowerCase()
			.trim()
			.split(/\s+/)
			.map((w) => w.replace(/[^\p{L}\p{M}-]/gu, ''))
			.filter(Boolean)
			.join(' ');
	return {
		email,
		phone: `+${digits}`,
		givenName: name(c.first_name),
		familyName: name(c.last_name),
		regionCode: country.toUpperCase(),
		postalCode: c.zip.trim().toUpperCase(),
	};
}

describe('sandbox population, as Google knows it', () => {
	it('holds Google-canonical identifiers: E.164 phones, gmail without dots or +suffix, names with hyphens and spaces', () => {
		const all = population.people.map((p) => googleIdentifiersOf(p));
		for (const g of all) {
			expect(g.phone).toMatch(/^\+[1-9]\d{9,14}$/);
			expect(g.regionCode).toMatch(/^[A-Z]{2}$/);
			expect(g.email).toBe(g.email.toLowerCase());
			if (g.email.endsWith('@gmail.com')) expect(g.email).toMatch(/^[^.+]+@gmail\.com$/);
		}
		const names = new Set(all.flatMap((g) => [g.givenName, g.familyName]));
		for (const expected of ['jean-luc', 'mary ann', 'obrien', 'müller', '정', 'smythe-jones'])
			expect(names).toContain(expected);
		expect(
			all.some((g) => g.postalCode === g.postalCode.toUpperCase() && / /.test(g.postalCode)),
		).toBe(true);
		expect(population.googleIdentifiers(5)).toBe(all[5]);
	});

	it.each([false, true])(
		'maps CRM contacts (messy: %s) through Google’s rules back to their person',
		(messy) => {
			const contacts = population.rawContacts(400, { offset: 200, messy });
			let byAddress = 0;
			contacts.forEach((contact, i) => {
				const person = population.people[200 + i];
				const g = googleIdentifiersOf(person);
				const n = googleNormalize(contact);
				expect({ ...n, postalCode: undefined }).toEqual({ ...g, postalCode: undefined });
				expect(population.matchGoogle({ emails: [googleHash(n.email)] })).toBe(person.id);
				expect(population.matchGoogle({ phones: [googleHash(n.phone)] })).toBe(person.id);
				const id = population.matchGoogle({
					addresses: [
						{
							givenName: googleHash(n.givenName),
							familyName: googleHash(n.familyName),
							regionCode: n.regionCode,
							postalCode: n.postalCode,
						},
					],
				});
				expect([person.id, -1]).toContain(id);
				if (id === person.id) byAddress++;
			});
			expect(byAddress).toBeGreaterThan(contacts.length * 0.95);
		},
	);

	it('finds people by Google e-mail (any gmail spelling) or E.164 phone, and hashed members match', () => {
		const gmail = population.people.find((p) => /\.[^@]*@gmail\.com$/.test(p.email));
		expect(gmail).toBeDefined();
		const p = gmail as (typeof population.people)[number];
		expect(population.personForGoogleEmail(p.email.toUpperCase())).toBe(p);
		expect(population.personForGoogleEmail(googleHash(googleIdentifiersOf(p).email))).toBe(p);
		expect(population.personForGooglePhone(`+${p.phone}`)).toBe(p);
		expect(population.personForGooglePhone(p.phone)).toBeUndefined();
		const member = googleHashedMember(p, { identifiers: ['address'], consent: 'granted' });
		expect(member).toEqual({
			compositeData: {
				userData: {
					userIdentifiers: [
						{
							address: {
								givenName: googleHash(googleIdentifiersOf(p).givenName),
								familyName: googleHash(googleIdentifiersOf(p).familyName),
								regionCode: googleIdentifiersOf(p).regionCode,
								postalCode: googleIdentifiersOf(p).postalCode,
							},
						},
					],
				},
			},
			consent: { adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' },
		});
		expect(() => googleIdentifiersOf({ ...p })).toThrow();
	});
});
