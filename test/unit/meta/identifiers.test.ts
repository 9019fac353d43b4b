import { createHash } from 'node:crypto';

import { type ContactIdentifiers } from '../../../nodes/shared/identifiers';
import {
	buildMetaRow,
	META_HASHED_KEYS,
	META_SCHEMA_ORDER,
	type MetaSchemaKey,
} from '../../../nodes/shared/platforms/meta/identifiers';

/** Independent SHA-256 oracle. */
const h = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

describe('schema constants', () => {
	it('lists the 15 keys in payload order', () => {
		expect(META_SCHEMA_ORDER).toEqual([
			'EMAIL',
			'PHONE',
			'FN',
			'LN',
			'FI',
			'CT',
			'ST',
			'ZIP',
			'COUNTRY',
			'DOBY',
			'DOBM',
			'DOBD',
			'GEN',
			'MADID',
			'EXTERN_ID',
		]);
	});

	it('hashes everything except MADID and EXTERN_ID', () => {
		expect(META_HASHED_KEYS).toHaveLength(13);
		expect(META_HASHED_KEYS).not.toContain('MADID');
		expect(META_HASHED_KEYS).not.toContain('EXTERN_ID');
		for (const key of META_HASHED_KEYS) expect(META_SCHEMA_ORDER).toContain(key);
	});
});

describe('buildMetaRow', () => {
	it('reproduces Meta’s worked examples', () => {
		const row = buildMetaRow({ email: 'mary@example.com', phone: '+1 (555) 987-6543' }, {});
		expect(row).toEqual({
			values: {
				EMAIL: 'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79',
				PHONE: '1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e',
			},
			rejections: [],
			matchable: true,
		});
	});

	it('normalizes and hashes a full US contact', () => {
		const row = buildMetaRow(
			{
				email: ' Mary@Example.com ',
				phone: '(555) 987-6543',
				firstName: 'Valéry',
				lastName: "O'Brien",
				city: 'New York',
				state: 'New York',
				zip: '10001-1234',
				country: 'United States',
				birthYear: '1990',
				birthMonth: 'April',
				birthDay: '5',
				gender: 'Female',
				mobileAdvertiserId: '6D92078A-8246-4BA4-AE5B-76104861E7DC',
				externalId: ' CRM-42 ',
			},
			{ defaultCountry: 'GB' },
		);
		expect(row.rejections).toEqual([]);
		expect(row.matchable).toBe(true);
		expect(row.values).toEqual({
			EMAIL: h('mary@example.com'),
			PHONE: h('15559876543'),
			FN: h('valéry'),
			LN: h('obrien'),
			FI: h('v'),
			CT: h('newyork'),
			ST: h('ny'),
			ZIP: h('10001'),
			COUNTRY: h('us'),
			DOBY: h('1990'),
			DOBM: h('04'),
			DOBD: h('05'),
			GEN: h('f'),
			MADID: '6d92078a-8246-4ba4-ae5b-76104861e7dc',
			EXTERN_ID: 'CRM-42',
		});
	});

	it('passes already hashed values through, lowercased, without re-hashing', () => {
		const email = h('mary@example.com');
		const phone = h('15559876543');
		const row = buildMetaRow(
			{ email: email.toUpperCase(), phone: ` ${phone} `, country: h('us').toUpperCase() },
			{},
		);
		expect(row.values).toEqual({ EMAIL: email, PHONE: phone, COUNTRY: h('us') });
		expect(row.rejections).toEqual([]);
	});

	it('does not take an MD5 digest for a hash', () => {
		const row = buildMetaRow({ email: 'D41D8CD98F00B204E9800998ECF8427E' }, {});
		expect(row.values).toEqual({});
		expect(row.rejections).toEqual([
			{ field: 'email', reason: 'invalid_email', detail: expect.stringContaining('SHA-256') },
		]);
		expect(row.matchable).toBe(false);
	});

	it('skips absent, empty and blank fields without rejecting them', () => {
		const row = buildMetaRow(
			{
				email: '',
				phone: '   ',
				firstName: undefined,
				lastName: '\t',
				country: '',
				gender: ' ',
				dateOfBirth: '',
			},
			{ defaultCountry: 'US' },
		);
		expect(row).toEqual({ values: {}, rejections: [], matchable: false });
	});

	it('lists invalid fields as rejections and keeps the valid ones', () => {
		const row = buildMetaRow(
			{
				email: 'not-an-email',
				phone: '+1 555 987 6543',
				gender: 'other',
				zip: '123',
				country: 'US',
				mobileAdvertiserId: 'nope',
				externalId: 'x'.repeat(300),
				birthYear: '1850',
				birthMonth: '13',
				birthDay: '32',
				state: 'Atlantis',
				city: '123',
				firstName: '42',
				lastName: '!!',
				firstInitial: '.',
			},
			{},
		);
		expect(row.values).toEqual({ PHONE: h('15559876543'), COUNTRY: h('us') });
		expect(row.rejections.map((r) => [r.field, r.reason])).toEqual([
			['email', 'invalid_email'],
			['firstName', 'invalid_first_name'],
			['lastName', 'invalid_last_name'],
			['firstInitial', 'invalid_first_initial'],
			['city', 'invalid_city'],
			['state', 'invalid_state'],
			['zip', 'invalid_zip'],
			['birthYear', 'invalid_birth_year'],
			['birthMonth', 'invalid_birth_month'],
			['birthDay', 'invalid_birth_day'],
			['gender', 'invalid_gender'],
			['mobileAdvertiserId', 'invalid_mobile_advertiser_id'],
			['externalId', 'invalid_external_id'],
		]);
		expect(row.matchable).toBe(true);
	});

	it('never puts raw values in rejection details', () => {
		const contact: ContactIdentifiers = {
			email: 'secretperson@@example.com',
			phone: 'secretperson',
			country: 'secretperson',
			gender: 'secretperson',
			dateOfBirth: 'secretperson',
			mobileAdvertiserId: 'secretperson',
			zip: 'secretperson!',
		};
		const row = buildMetaRow(contact, { defaultCountry: 'US' });
		expect(row.rejections.length).toBe(7);
		for (const rejection of row.rejections) expect(rejection.detail).not.toMatch(/secret/i);
	});

	describe('first initial', () => {
		it.each<[ContactIdentifiers, string | undefined]>([
			[{ firstName: 'John' }, 'j'],
			[{ firstName: '  élodie ' }, 'é'],
			[{ firstName: "'Jack'" }, 'j'],
			[{ firstName: 'John', firstInitial: 'M.' }, 'm'], // explicit initial wins
			[{ firstInitial: 'J.' }, 'j'],
			[{ firstName: '123' }, undefined], // invalid first name: no initial
			[{ firstName: h('john') }, undefined], // prehashed first name: initial unknown
		])('%j → FI %j', (contact, initial) => {
			const row = buildMetaRow(contact, {});
			expect(row.values.FI).toBe(initial === undefined ? undefined : h(initial));
		});

		it('accepts a prehashed explicit initial', () => {
			expect(buildMetaRow({ firstInitial: h('j').toUpperCase() }, {}).values.FI).toBe(h('j'));
		});
	});

	describe('date of birth', () => {
		it('splits dateOfBirth when the separate parts are absent', () => {
			const row = buildMetaRow({ dateOfBirth: '04/05/1990' }, {});
			expect(row.values).toEqual({ DOBY: h('1990'), DOBM: h('04'), DOBD: h('05') });
			expect(row.rejections).toEqual([]);
		});

		it('fills only the absent parts from dateOfBirth', () => {
			const row = buildMetaRow({ birthYear: '1985', dateOfBirth: '1990-06-07' }, {});
			expect(row.values).toEqual({ DOBY: h('1985'), DOBM: h('06'), DOBD: h('07') });
		});

		it('ignores dateOfBirth when all parts are given', () => {
			const row = buildMetaRow(
				{ birthYear: '1985', birthMonth: 'Jan', birthDay: '2', dateOfBirth: 'garbage' },
				{},
			);
			expect(row.values).toEqual({ DOBY: h('1985'), DOBM: h('01'), DOBD: h('02') });
			expect(row.rejections).toEqual([]);
		});

		it('rejects an unusable dateOfBirth', () => {
			const row = buildMetaRow({ dateOfBirth: '1990-02-30' }, {});
			expect(row.values).toEqual({});
			expect(row.rejections).toEqual([
				{ field: 'dateOfBirth', reason: 'invalid_date_of_birth', detail: expect.any(String) },
			]);
		});

		it('does not fall back to dateOfBirth for a part that is present but invalid', () => {
			const row = buildMetaRow({ birthMonth: '13', dateOfBirth: '1990-06-07' }, {});
			expect(row.values).toEqual({ DOBY: h('1990'), DOBD: h('07') });
			expect(row.rejections.map((r) => r.field)).toEqual(['birthMonth']);
		});
	});

	describe('country handling', () => {
		it.each<[ContactIdentifiers, string | undefined, Partial<Record<MetaSchemaKey, string>>]>([
			// contact country decides phone, state and ZIP rules
			[
				{ phone: '07700 900123', zip: 'SW1A 1AA', state: 'Greater London', country: 'UK' },
				'US',
				{ PHONE: h('447700900123'), ZIP: h('sw1a1aa'), ST: h('greaterlondon'), COUNTRY: h('gb') },
			],
			// default country used when the contact has none, but COUNTRY is not emitted from it
			[
				{ phone: '555-987-6543', zip: '94107-1234', state: 'California' },
				'us',
				{ PHONE: h('15559876543'), ZIP: h('94107'), ST: h('ca') },
			],
			[
				{ phone: '0151 23456789', zip: '10115' },
				'de',
				{ PHONE: h('4915123456789'), ZIP: h('10115') },
			],
			// contact country wins over the default
			[
				{ phone: '06 1234 5678', country: 'Italia' },
				'US',
				{ PHONE: h('390612345678'), COUNTRY: h('it') },
			],
			// no country at all: generic ZIP and state rules...
			[
				{ zip: 'SW1A 1AA', state: 'Greater London' },
				undefined,
				{ ZIP: h('sw1a1aa'), ST: h('greaterlondon') },
			],
			// ...but a ZIP+4 and a full US state name can only be American: US rules
			[{ zip: '94107-1234', state: 'New York' }, undefined, { ZIP: h('94107'), ST: h('ny') }],
			[{ zip: '94107-1234', state: 'California' }, 'de', { ZIP: h('94107'), ST: h('ca') }],
			// a default given by name works too
			[{ phone: '555 987 6543' }, 'United States', { PHONE: h('15559876543') }],
			// an unknown default counts as none
			[
				{ phone: '+1 555 987 6543', zip: 'SW1A 1AA' },
				'Narnia',
				{ PHONE: h('15559876543'), ZIP: h('sw1a1aa') },
			],
			// a prehashed contact country cannot drive rules: the default does
			[{ country: h('us'), zip: '94107-1234' }, 'US', { COUNTRY: h('us'), ZIP: h('94107') }],
		])('%j with default %j', (contact, defaultCountry, expected) => {
			const row = buildMetaRow(contact, { defaultCountry });
			expect(row.values).toEqual(expected);
			expect(row.rejections).toEqual([]);
		});

		it('rejects an unknown contact country and falls back to the default for the rules', () => {
			const row = buildMetaRow(
				{ country: 'Atlantis', phone: '555 987 6543', zip: '94107-1234' },
				{ defaultCountry: 'US' },
			);
			expect(row.values).toEqual({ PHONE: h('15559876543'), ZIP: h('94107') });
			expect(row.rejections).toEqual([
				{ field: 'country', reason: 'invalid_country', detail: expect.any(String) },
			]);
		});

		it('rejects a national phone number when no country is known', () => {
			const row = buildMetaRow({ phone: '07700 900123', email: 'a@b.co' }, {});
			expect(row.values).toEqual({ EMAIL: h('a@b.co') });
			expect(row.rejections.map((r) => r.reason)).toEqual(['invalid_phone']);
		});

		it('switches default country between calls', () => {
			expect(buildMetaRow({ phone: '07700 900123' }, { defaultCountry: 'GB' }).values.PHONE).toBe(
				h('447700900123'),
			);
			expect(buildMetaRow({ phone: '0151 23456789' }, { defaultCountry: 'DE' }).values.PHONE).toBe(
				h('4915123456789'),
			);
			expect(buildMetaRow({ phone: '07700 900123' }, { defaultCountry: 'gb' }).values.PHONE).toBe(
				h('447700900123'),
			);
		});
	});

	it('coerces non-string values arriving at run time', () => {
		const contact = {
			phone: 15559876543,
			zip: 94107,
			birthYear: 1990,
		} as unknown as ContactIdentifiers;
		const row = buildMetaRow(contact, { defaultCountry: 'US' });
		expect(row.values).toEqual({ PHONE: h('15559876543'), ZIP: h('94107'), DOBY: h('1990') });
	});

	describe('matchable', () => {
		it.each<[ContactIdentifiers, boolean]>([
			[{ email: 'a@b.co' }, true],
			[{ phone: '+1 555 987 6543' }, true],
			[{ mobileAdvertiserId: '6d92078a-8246-4ba4-ae5b-76104861e7dc' }, true],
			[{ externalId: 'CRM-1' }, true],
			[{ firstName: 'John', lastName: 'Smith', zip: '94107' }, true],
			[{ firstName: 'John', lastName: 'Smith', city: 'Boston' }, true],
			[{ firstName: 'John', lastName: 'Smith', birthYear: '1990' }, true],
			[{ firstName: 'John', lastName: 'Smith', dateOfBirth: '1990-01-02' }, true],
			[{ firstInitial: 'J', lastName: 'Smith', zip: '94107' }, true],
			[{ firstName: 'John', lastName: 'Smith' }, false],
			[{ firstName: 'John', zip: '94107', city: 'Boston' }, false],
			[{ lastName: 'Smith', zip: '94107', birthYear: '1990' }, false],
			[{ firstName: 'John', lastName: 'Smith', state: 'MA', country: 'US', gender: 'm' }, false],
			[{ firstName: 'John', lastName: 'Smith', birthMonth: '1', birthDay: '2' }, false],
			[{ firstName: 'John', lastName: 'Smith', zip: '12' }, true], // zip rejected only for US
			[{ firstName: 'John', lastName: 'Smith', zip: '12', country: 'US' }, false],
			[{ email: 'invalid', phone: 'invalid' }, false],
			[{ gender: 'f', country: 'US', state: 'NY' }, false],
			[{ mobileAdvertiserId: '00000000-0000-0000-0000-000000000000' }, false],
			[{}, false],
		])('%j → %s', (contact, expected) => {
			expect(buildMetaRow(contact, {}).matchable).toBe(expected);
		});
	});

	it('emits only schema keys, with 64 lowercase hex for every hashed key', () => {
		const row = buildMetaRow(
			{
				email: 'X@Y.ORG',
				phone: '+44 7700 900123',
				firstName: 'Ann',
				lastName: 'Lee',
				city: 'Leeds',
				state: 'West Yorkshire',
				zip: 'LS1 4AP',
				country: 'GB',
				dateOfBirth: '1.2.1980',
				gender: 'F',
				mobileAdvertiserId: '6d92078a-8246-4ba4-ae5b-76104861e7dc',
				externalId: 'E1',
			},
			{},
		);
		expect(Object.keys(row.values).sort()).toEqual([...META_SCHEMA_ORDER].sort());
		for (const key of META_HASHED_KEYS) expect(row.values[key]).toMatch(/^[0-9a-f]{64}$/);
	});
});
