import { getPopulation, Population, US_STATE_NAMES } from '../../sandbox/population';
import type { RawContact } from '../../sandbox/population';
import { sha256Hex } from '../../sandbox/testing';

const population = getPopulation(1, 3000);

// A deliberately small, independent normalizer: what a CORRECT client does to a CRM contact
// before hashing (Meta's table + precisions.md). Used to prove the messy noise is removable.
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
const STATE_CODES = Object.fromEntries(
	Object.entries(US_STATE_NAMES).map(([code, name]) => [name.toLowerCase(), code]),
);

function normalize(c: RawContact) {
	const country = COUNTRY_NAMES[c.country.trim().toLowerCase()] ?? c.country.trim().toLowerCase();
	const rawPhone = c.phone.trim();
	let phone = rawPhone.replace(/\D/g, '');
	if (!rawPhone.startsWith('+')) {
		if (phone.startsWith('00')) phone = phone.slice(2);
		else if (!(country === 'us' && phone.length === 11 && phone.startsWith('1'))) {
			phone = CALLING_CODES[country] + phone.replace(/^0+/, '');
		}
	}
	const name = (s: string) =>
		s
			.normalize('NFC')
			.toLowerCase()
			.replace(/[^\p{L}]/gu, '');
	const state = c.state.trim().toLowerCase();
	let zip = c.zip.trim().toLowerCase().replace(/\s+/g, '');
	if (country === 'us') zip = zip.split('-')[0].slice(0, 5);
	const dob = /^(\d{4})\D(\d{1,2})\D(\d{1,2})$/.exec(c.date_of_birth.trim());
	return {
		email: c.email.trim().toLowerCase(),
		phone,
		fn: name(c.first_name),
		ln: name(c.last_name),
		ct: c.city.toLowerCase().replace(/[^a-z]/g, ''),
		st: state.length === 2 ? state : (STATE_CODES[state] ?? ''),
		zip,
		country,
		doby: dob?.[1] ?? '',
		dobm: dob ? dob[2].padStart(2, '0') : '',
		dobd: dob ? dob[3].padStart(2, '0') : '',
		gen: c.gender.trim().toLowerCase().charAt(0),
	};
}

describe('sandbox population', () => {
	it('is deterministic per seed and differs between seeds', () => {
		expect(new Population(1, 50).people).toEqual(population.people.slice(0, 50));
		expect(getPopulation(1, 3000)).toBe(population);
		const other = new Population(2, 50).people;
		expect(other.filter((p, i) => p.email === population.people[i].email).length).toBeLessThan(5);
	});

	it('holds canonical normalized identifiers, unique per person', () => {
		const prefixes: Record<string, string> = {
			us: '1',
			gb: '447',
			de: '491',
			fr: '33',
			it: '393',
			es: '34',
			kr: '8210',
		};
		const wellFormed = (p: (typeof population.people)[number]) =>
			/^[a-z0-9._+]+@[a-z0-9.-]+\.[a-z]+$/.test(p.email) &&
			/^[1-9]\d{9,14}$/.test(p.phone) &&
			p.phone.startsWith(prefixes[p.country]) &&
			/^\p{Ll}+$|^\p{Lo}+$/u.test(p.fn) &&
			/^\p{Ll}+$|^\p{Lo}+$/u.test(p.ln) &&
			/^[a-z]+$/.test(p.ct) &&
			(p.country === 'us' ? /^[a-z]{2}$/ : /^$/).test(p.st) &&
			(p.country === 'gb' ? /^[a-z]{1,2}\d[a-z\d]?\d[a-z]{2}$/ : /^\d{5}$/).test(p.zip) &&
			/^(19[5-9]\d|200[0-6])-(0[1-9]|1[0-2])-(0[1-9]|[12]\d)$/.test(
				`${p.doby}-${p.dobm}-${p.dobd}`,
			) &&
			/^[mf]$/.test(p.gen) &&
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(p.madid);
		expect(population.people.filter((p) => !wellFormed(p))).toEqual([]);
		expect(new Set(population.people.map((p) => p.country))).toEqual(
			new Set(Object.keys(prefixes)),
		);
		const emails = new Set(population.people.map((p) => p.email));
		const phones = new Set(population.people.map((p) => p.phone));
		expect(emails.size).toBe(population.size);
		expect(phones.size).toBe(population.size);
		const names = new Set(population.people.flatMap((p) => [p.fn, p.ln]));
		for (const expected of ['valéry', 'müller', '정', 'obrien']) expect(names).toContain(expected);
		expect(population.people.some((p) => p.email.includes('+'))).toBe(true);
	});

	it('matches each person by e-mail, phone or MADID hash, and nobody for outsiders', () => {
		for (const p of population.people.slice(0, 500)) {
			expect(population.match({ EMAIL: sha256Hex(p.email) })).toBe(p.id);
			expect(population.match({ PHONE: sha256Hex(p.phone) })).toBe(p.id);
			expect(population.match({ MADID: p.madid })).toBe(p.id);
			expect(population.personForEmail(p.email)).toBe(p);
			expect(population.personForPhone(p.phone)).toBe(p);
		}
		const p = population.people[7];
		expect(population.match({ EMAIL: sha256Hex(p.email.toUpperCase()) })).toBe(-1);
		expect(
			population.match({ PHONE: sha256Hex(p.phone.slice(CALLING_CODES[p.country].length)) }),
		).toBe(-1);
		for (const c of population.outsiderContacts(200)) {
			const n = normalize(c);
			expect(population.match({ EMAIL: sha256Hex(n.email), PHONE: sha256Hex(n.phone) })).toBe(-1);
		}
	});

	it('matches by FN + LN + ZIP only when that combination designates one person', () => {
		let unique = 0;
		for (const p of population.people) {
			const id = population.match({
				FN: sha256Hex(p.fn),
				LN: sha256Hex(p.ln),
				ZIP: sha256Hex(p.zip),
			});
			expect([p.id, -1]).toContain(id);
			if (id === p.id) unique++;
		}
		expect(unique).toBeGreaterThan(population.size * 0.9);
	});

	it.each([false, true])(
		'gives CRM contacts (messy: %s) that correct normalization maps back to one person',
		(messy) => {
			const contacts = population.rawContacts(600, { offset: 100, messy });
			contacts.forEach((contact, i) => {
				const person = population.people[100 + i];
				const n = normalize(contact);
				expect(n).toEqual({
					email: person.email,
					phone: person.phone,
					fn: person.fn,
					ln: person.ln,
					ct: person.ct,
					st: person.st,
					zip: person.zip,
					country: person.country,
					doby: person.doby,
					dobm: person.dobm,
					dobd: person.dobd,
					gen: person.gen,
				});
				expect(population.match({ EMAIL: sha256Hex(n.email), PHONE: sha256Hex(n.phone) })).toBe(
					person.id,
				);
			});
		},
	);

	it('makes messy contacts actually messy', () => {
		const messy = population.rawContacts(300, { messy: true });
		const tidy = population.rawContacts(300);
		expect(tidy.every((c, i) => c.email === population.people[i].email)).toBe(true);
		expect(messy.every((c, i) => c.email !== population.people[i].email)).toBe(true);
		expect(messy.some((c) => /^\(\d{3}\) \d{3}-\d{4}$/.test(c.phone))).toBe(true);
		expect(messy.some((c) => c.phone.startsWith('+44 '))).toBe(true);
		expect(messy.some((c) => c.phone.startsWith('0044'))).toBe(true);
		expect(messy.some((c) => c.country === 'United Kingdom')).toBe(true);
		expect(messy.some((c) => c.state === 'New York' || c.state === 'California')).toBe(true);
		expect(messy.some((c) => /^\d{5}-\d{4}$/.test(c.zip))).toBe(true);
		expect(messy.some((c) => /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/.test(c.zip))).toBe(true);
		expect(() => population.rawContacts(10, { offset: 2995 })).toThrow(RangeError);
	});
});
