import { createHash } from 'node:crypto';

import {
	normalizeEmail,
	type ContactIdentifiers,
	type Normalized,
	type RejectionReason,
} from '../../../nodes/shared/identifiers';
import {
	buildGoogleMember,
	GOOGLE_MAX_IDENTIFIERS_PER_MEMBER,
	type GoogleMemberResult,
} from '../../../nodes/shared/platforms/google/identifiers';
import { normalizeGoogleName } from '../../../nodes/shared/platforms/google/names';
import {
	normalizeGoogleEmail,
	normalizeGooglePhone,
	normalizeGooglePostalCode,
	normalizeGoogleRegionCode,
} from '../../../nodes/shared/platforms/google/normalize';

/** Independent SHA-256 oracle (Node's createHash, not the module's sha256Hex). */
const h = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

const ok = (value: string): Normalized => ({ ok: true, value, prehashed: false });
const HASH_OF_ABC = h('abc');
const MIXED_CASE_HASH = HASH_OF_ABC.toUpperCase().slice(0, 32) + HASH_OF_ABC.slice(32);
const MD5_LIKE = 'd41d8cd98f00b204e9800998ecf8427e';

function failure(result: Normalized): RejectionReason | undefined {
	return result.ok ? undefined : result.reason;
}

describe('normalizeGoogleEmail', () => {
	it.each([
		// Google's worked examples (Data Manager "Format user data").
		['cloudy.sanfrancisco+shopping@gmail.com', 'cloudysanfrancisco@gmail.com'],
		['user.name+NYC@Example.com', 'user.name+nyc@example.com'],
		[' Jane.Doe@GoogleMail.com ', 'janedoe@googlemail.com'],
		// Leading, trailing and intermediate white space removed.
		['  Mary@Example.com\t', 'mary@example.com'],
		['mary @ example.com', 'mary@example.com'],
		['ma ry@exa mple.com', 'mary@example.com'],
		['jane.doe\u00a0@gmail.com', 'janedoe@gmail.com'],
		// Gmail and Googlemail: every dot and the +suffix removed; the domain is kept as written.
		['J.A.N.E@gmail.com', 'jane@gmail.com'],
		['jane+one+two@gmail.com', 'jane@gmail.com'],
		['jane.doe+a.b@googlemail.com', 'janedoe@googlemail.com'],
		['JANE.DOE@GMAIL.COM', 'janedoe@gmail.com'],
		['.jane.@gmail.com', 'jane@gmail.com'],
		// Other domains (including Google-looking ones) keep dots and plus signs.
		['jane.doe+tag@gmail.co.uk', 'jane.doe+tag@gmail.co.uk'],
		['jane.doe+tag@mail.gmail.com', 'jane.doe+tag@mail.gmail.com'],
		['jane.doe+tag@google.com', 'jane.doe+tag@google.com'],
		['first.last@example.org', 'first.last@example.org'],
		['mailto:Jane.Doe@Gmail.com', 'janedoe@gmail.com'],
	])('%j → %j', (raw, expected) => {
		expect(normalizeGoogleEmail(raw)).toEqual(ok(expected));
	});

	it.each([
		[''],
		['   '],
		['no-at-sign.example.com'],
		['a@b@example.com'],
		['@example.com'],
		['jane@localhost'],
		['Jane <jane@example.com>'],
		['jane,doe@example.com'],
		['+shopping@gmail.com'],
		['...@gmail.com'],
		['.+x@googlemail.com'],
		[`${'a'.repeat(65)}@example.com`],
		[MD5_LIKE],
	])('%j is invalid_email', (raw) => {
		expect(failure(normalizeGoogleEmail(raw))).toBe('invalid_email');
	});

	it('accepts an already hashed address in any case, lowercased', () => {
		expect(normalizeGoogleEmail(` ${MIXED_CASE_HASH} `)).toEqual({
			ok: true,
			value: HASH_OF_ABC,
			prehashed: true,
		});
	});

	it('leaves Meta’s e-mail rule unchanged (no Gmail stripping, inner spaces rejected)', () => {
		expect(normalizeEmail('cloudy.sanfrancisco+shopping@gmail.com')).toEqual(
			ok('cloudy.sanfrancisco+shopping@gmail.com'),
		);
		expect(failure(normalizeEmail('mary @example.com'))).toBe('invalid_email');
	});
});

describe('normalizeGooglePhone', () => {
	it.each([
		['(800) 555-0100', 'US', undefined, '+18005550100'],
		['(800)555-0100', undefined, 'US', '+18005550100'],
		['1 800 555 0100', 'US', undefined, '+18005550100'],
		['+1 (555) 987-6543', undefined, undefined, '+15559876543'],
		['0044 20 7946 0958', undefined, undefined, '+442079460958'],
		['0044 20 7946 0958', 'US', undefined, '+442079460958'],
		['011 44 20 7946 0958', 'US', undefined, '+442079460958'],
		['+44 (0)20 7946 0958', undefined, undefined, '+442079460958'],
		['020 7946 0958', 'GB', undefined, '+442079460958'],
		['07700 900123', undefined, 'gb', '+447700900123'],
		['06 1234 5678', 'IT', undefined, '+390612345678'],
		['+33 6 12 34 56 78', 'US', undefined, '+33612345678'],
		['441134960987', undefined, undefined, '+441134960987'],
		['+1 555 987 6543 ext. 12', undefined, undefined, '+15559876543'],
		['+15559876543', undefined, undefined, '+15559876543'],
	])('%j (country %j, default %j) → %j', (raw, country, defaultCountry, expected) => {
		expect(normalizeGooglePhone(raw, { country, defaultCountry })).toEqual(ok(expected));
	});

	it.each([
		['', 'US'],
		['call me', 'US'],
		['555-0100', 'US'],
		['020 7946 0958', undefined],
		['+1 555 987 6543 +1', undefined],
		['+999 1234 5678', undefined],
		['+1 555 987 6543 1234 5678', undefined],
		[MD5_LIKE, 'US'],
	])('%j (country %j) is invalid_phone', (raw, country) => {
		expect(failure(normalizeGooglePhone(raw, { country }))).toBe('invalid_phone');
	});

	// E.164: a country code never begins with 0, so zeros where it should start are not stripped
	// into another country's code. A 0 after the code ('+44 (0)20...', above) is a stray trunk
	// prefix, and '00' before it is the international prefix the page turns into '+'.
	it.each<[string, string | undefined]>([
		['+0 44 20 7946 0958', undefined],
		['+044 20 7946 0958', 'GB'],
		['+01 800 555 0100', 'US'],
		['+0018005550100', undefined],
		['00 0 44 20 7946 0958', undefined],
		['011 0 44 20 7946 0958', 'US'],
	])('%j (country %j) is invalid_phone: no country code begins with 0', (raw, country) => {
		expect(normalizeGooglePhone(raw, { country })).toEqual({
			ok: false,
			reason: 'invalid_phone',
			detail: 'a country calling code never begins with 0',
		});
	});

	it('accepts an already hashed number in any case, lowercased', () => {
		expect(normalizeGooglePhone(MIXED_CASE_HASH, {})).toEqual({
			ok: true,
			value: HASH_OF_ABC,
			prehashed: true,
		});
	});
});

describe('normalizeGoogleName', () => {
	it.each([
		['John', 'john'],
		['  JOHN  ', 'john'],
		// Honorific prefixes (with or without a dot) and suffixes, repeatedly, whole words only.
		['Mr. John', 'john'],
		['mr john', 'john'],
		['Mrs. Jane', 'jane'],
		['Ms Jane', 'jane'],
		['Miss Jane', 'jane'],
		['Mx. Sam', 'sam'],
		['Dr. Jane', 'jane'],
		['Prof. Dr. Jane', 'jane'],
		['Sir Elton', 'elton'],
		['Mrozek', 'mrozek'],
		['Drummond', 'drummond'],
		['Virtue', 'virtue'],
		['Ivy', 'ivy'],
		['Mdina', 'mdina'],
		// Inner hyphens kept; white space collapsed; other punctuation removed.
		['Quinn-Alex', 'quinn-alex'],
		['Jean–Paul', 'jean-paul'],
		['Smith--Jones', 'smith-jones'],
		['-Smith-', 'smith'],
		['Jean - Paul', 'jean paul'],
		['Mary  Ann', 'mary ann'],
		['Mary\tAnn\u00a0Lee', 'mary ann lee'],
		["O'Brien", 'obrien'],
		['O’Brien', 'obrien'],
		['J.R.R.', 'jrr'],
		['Smith3', 'smith'],
		['John (Jack)', 'john jack'],
		['Anne-Marie ❤️', 'anne-marie'],
		// Letters of any script and accents kept, composed (NFC).
		['Valéry', 'valéry'],
		['Vale\u0301ry', 'valéry'],
		['ZOË', 'zoë'],
		['Straße', 'straße'],
		['Иван', 'иван'],
		['山田 太郎', '山田 太郎'],
		['محمد', 'محمد'],
		['प्रिया', 'प्रिया'],
	])('%j → %j', (raw, expected) => {
		expect(normalizeGoogleName(raw, 'first_name')).toEqual(ok(expected));
		expect(normalizeGoogleName(raw, 'last_name')).toEqual(ok(expected));
	});

	// Suffixes go from the family name only (Google's page and reference formatter); a given name
	// keeps its last words, which may be a real name ('Thi Vi').
	it.each([
		['Quinn, Jr., DDS', 'quinn', 'quinn jr dds'],
		['Quinn,Jr.,DDS', 'quinn', 'quinn jr dds'],
		['Smith Jr.', 'smith', 'smith jr'],
		['Smith Sr', 'smith', 'smith sr'],
		['Smith III', 'smith', 'smith iii'],
		['Smith 2nd', 'smith', 'smith nd'],
		['Smith, PhD', 'smith', 'smith phd'],
		['Smith Ph.D.', 'smith', 'smith phd'],
		['Smith M.D.', 'smith', 'smith md'],
		['Smith, Esq.', 'smith', 'smith esq'],
		['Smith (Jr.)', 'smith', 'smith jr'],
		['Smith, Jr., V', 'smith', 'smith jr v'],
		['Dr. John Smith Jr.', 'john smith', 'john smith jr'],
		['Thi Vi', 'thi', 'thi vi'],
	])('%j → last name %j, first name %j', (raw, asLastName, asFirstName) => {
		expect(normalizeGoogleName(raw, 'last_name')).toEqual(ok(asLastName));
		expect(normalizeGoogleName(raw, 'first_name')).toEqual(ok(asFirstName));
	});

	// Nothing but honorifics: no name to hash. Google's formatter: "Given name consists solely of a
	// prefix"; the page's "Don't include prefixes such as Mrs." / "suffixes such as Jr.". A given
	// name loses prefixes only, so a suffix-like given name stays ('V', 'Vi' are real names).
	const noGivenName: Normalized = {
		ok: false,
		reason: 'invalid_first_name',
		detail: 'nothing but an honorific prefix (such as Mr. or Dr.), no name',
	};
	const noFamilyName: Normalized = {
		ok: false,
		reason: 'invalid_last_name',
		detail: 'nothing but an honorific prefix or suffix (such as Mr., Jr. or DDS), no name',
	};
	it.each<[string, Normalized, Normalized]>([
		['Mr.', noGivenName, noFamilyName],
		['mrs', noGivenName, noFamilyName],
		['Dr', noGivenName, noFamilyName],
		['Prof. Dr.', noGivenName, noFamilyName],
		['Jr.', ok('jr'), noFamilyName],
		['DDS', ok('dds'), noFamilyName],
		['Jr., DDS', ok('jr dds'), noFamilyName],
		['III', ok('iii'), noFamilyName],
		['V', ok('v'), noFamilyName],
		['Mr. V', ok('v'), noFamilyName],
		['Mr. Jr.', ok('jr'), noFamilyName],
	])('%j → as first name %j, as last name %j', (raw, asFirstName, asLastName) => {
		expect(normalizeGoogleName(raw, 'first_name')).toEqual(asFirstName);
		expect(normalizeGoogleName(raw, 'last_name')).toEqual(asLastName);
	});

	it.each([[''], ['   '], ['123'], ['...'], ['❤️'], ['- -'], [MD5_LIKE]])(
		'%j is rejected with the field’s reason',
		(raw) => {
			expect(failure(normalizeGoogleName(raw, 'first_name'))).toBe('invalid_first_name');
			expect(failure(normalizeGoogleName(raw, 'last_name'))).toBe('invalid_last_name');
		},
	);

	it('accepts an already hashed name in any case, lowercased', () => {
		expect(normalizeGoogleName(MIXED_CASE_HASH, 'last_name')).toEqual({
			ok: true,
			value: HASH_OF_ABC,
			prehashed: true,
		});
	});
});

describe('normalizeGoogleRegionCode', () => {
	it.each([
		['US', 'US'],
		['us', 'US'],
		[' Us ', 'US'],
		['USA', 'US'],
		['United States', 'US'],
		['U.S.', 'US'],
		['UK', 'GB'],
		['gbr', 'GB'],
		['United Kingdom', 'GB'],
		['Deutschland', 'DE'],
		['france', 'FR'],
	])('%j → %j', (raw, expected) => {
		expect(normalizeGoogleRegionCode(raw)).toEqual(ok(expected));
	});

	it.each([[''], ['XX'], ['Atlantis'], ['1'], [h('us')], [h('US').toUpperCase()]])(
		'%j is invalid_country (never hashed)',
		(raw) => {
			expect(failure(normalizeGoogleRegionCode(raw))).toBe('invalid_country');
		},
	);

	// A recognised name is read word for word, punctuation and accents aside.
	it.each([
		['U.K.', 'GB'],
		['united kingdom', 'GB'],
		['The Netherlands', 'NL'],
		['Pays-Bas', 'NL'],
		["Cote d'Ivoire", 'CI'],
		['Côte d’Ivoire', 'CI'],
		['Bosnia & Herzegovina', 'BA'],
		['Etats-Unis', 'US'],
	])('name %j → %j', (raw, expected) => {
		expect(normalizeGoogleRegionCode(raw)).toEqual(ok(expected));
	});

	// Google takes an ISO 3166-1 alpha-2 code; a code is never pieced together from letters
	// scattered through the value, nor a name from around digits and symbols.
	it.each([
		['D.E.', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['d e', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['G-B-R', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['U5S', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['1US', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['#FR', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['F R A N C E', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['Germany 2', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['Unitedstates', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['US of A', 'not an ISO 3166-1 alpha-2 code or a recognised country name'],
		['XX', 'not an ISO 3166-1 alpha-2 code'],
		['ZZ', 'not an ISO 3166-1 alpha-2 code'],
	])('%j is invalid_country: %s', (raw, detail) => {
		expect(normalizeGoogleRegionCode(raw)).toEqual({ ok: false, reason: 'invalid_country', detail });
	});
});

describe('normalizeGooglePostalCode', () => {
	it.each([
		['94107', 'US', '94107'],
		[' 94107 ', 'us', '94107'],
		['94107-1234', 'US', '94107-1234'],
		['941071234', 'US', '94107-1234'],
		['02134', 'United States', '02134'],
		['SW1A 1AA', 'GB', 'SW1A 1AA'],
		[' sw1a   1aa ', 'GB', 'SW1A 1AA'],
		['k1a 0b1', 'CA', 'K1A 0B1'],
		['75008', 'FR', '75008'],
		['1234 AB', 'NL', '1234 AB'],
		['100-0001', 'JP', '100-0001'],
		['94107-1234', undefined, '94107-1234'],
		['9410', undefined, '9410'],
		['a'.repeat(12), 'DE', 'A'.repeat(12)],
		['12345-67890', 'IR', '12345-67890'],
		['b-1000', 'BE', 'B-1000'],
		['d02 x285', 'IE', 'D02 X285'],
	])('%j (region %j) → %j', (raw, region, expected) => {
		expect(normalizeGooglePostalCode(raw, region)).toEqual(ok(expected));
	});

	it.each([
		['', 'US'],
		['9410', 'US'],
		['2134', 'US'],
		['941071', 'US'],
		['94107 1234', 'US'],
		['94107-123', 'US'],
		['SW1A 1AA', 'US'],
		['', 'GB'],
		['   ', undefined],
		['---', 'DE'],
		['1'.repeat(13), 'DE'],
		['مرحبا', 'DE'],
		['١٢٣٤٥', 'EG'],
		['7500.8', 'FR'],
		['-75008', 'FR'],
		['75008-', 'FR'],
		['€100', 'DE'],
		[h('94107'), undefined],
		[h('94107'), 'US'],
	])('%j (region %j) is invalid_zip (never hashed)', (raw, region) => {
		expect(failure(normalizeGooglePostalCode(raw, region))).toBe('invalid_zip');
	});
});

describe('buildGoogleMember', () => {
	const full: ContactIdentifiers = {
		email: ' Jane.Doe+news@Gmail.com ',
		phone: '(800) 555-0100',
		firstName: 'Dr. Jane',
		lastName: 'Doe-Smith, Jr.',
		country: 'United States',
		zip: '941071234',
	};

	it('builds all three identifiers in order, hashing all but region and postal code', () => {
		expect(buildGoogleMember(full, {})).toEqual<GoogleMemberResult>({
			identifiers: [
				{ emailAddress: h('janedoe@gmail.com') },
				{ phoneNumber: h('+18005550100') },
				{
					address: {
						givenName: h('jane'),
						familyName: h('doe-smith'),
						regionCode: 'US',
						postalCode: '94107-1234',
					},
				},
			],
			rejections: [],
			matchable: true,
		});
	});

	// Digests computed outside this code base (Python hashlib) and cross-checked with createHash.
	it.each([
		[
			{ email: 'cloudy.sanfrancisco+shopping@gmail.com' },
			{ emailAddress: '223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4' },
		],
		[
			{ email: 'user.name+NYC@Example.com' },
			{ emailAddress: 'f109a2a632fbcea5fc82049f50beed3d8621bf9034399f437fb622222acccdac' },
		],
		[
			{ email: ' Jane.Doe@GoogleMail.com ' },
			{ emailAddress: '338abf9ef1c8793cadc7bcf51ed595338eb727ed9e06ce3d91d566d60b975937' },
		],
		[
			{ phone: '(800) 555-0100', country: 'US' },
			{ phoneNumber: 'fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30' },
		],
		[
			{ phone: '0044 20 7946 0958' },
			{ phoneNumber: 'f0bf0228144d9fe2bdf1da2d8ca698f17bf1410ee688b075c27062e47b6f0b6d' },
		],
	] as Array<[ContactIdentifiers, Record<string, string>]>)(
		'worked example %j hashes to its known SHA-256',
		(contact, identifier) => {
			const [key, digest] = Object.entries(identifier)[0];
			const plain =
				key === 'emailAddress'
					? normalizeGoogleEmail(contact.email ?? '')
					: normalizeGooglePhone(contact.phone ?? '', { country: contact.country });
			expect(plain.ok && h(plain.value)).toBe(digest);
			expect(buildGoogleMember(contact, {}).identifiers[0]).toEqual(identifier);
		},
	);

	it.each([
		['Quinn, Jr., DDS', 'c512ca0c5c1e71be19f3356821e56732b5fb3ac894b0dbc5846d0b6920106fb3'],
		['Quinn-Alex', '91581930b788bf2fd4ea63d8783c8c3b4c7ac8575461e033d18ee7def6cd49a9'],
		["O'Brien", 'b4cb6cb33fe4b865868de825023a1e2790dc12ac01ecc8d7c5afe8254071c8ba'],
		['Mary  Ann', '343b97011010c3549fe7fcd6c226ed9431ea37b0b77ed78f6300a0098925faf1'],
	])('name worked example %j hashes to its known SHA-256', (lastName, digest) => {
		const plain = normalizeGoogleName(lastName, 'last_name');
		expect(plain.ok && h(plain.value)).toBe(digest);
		const member = buildGoogleMember(
			{ firstName: 'Jane', lastName, country: 'US', zip: '94107' },
			{},
		);
		expect(member.identifiers).toEqual([
			{
				address: {
					givenName: h('jane'),
					familyName: digest,
					regionCode: 'US',
					postalCode: '94107',
				},
			},
		]);
	});

	it('sends no address when a part is missing, and says which', () => {
		expect(
			buildGoogleMember({ email: 'a@example.com', firstName: 'Jane', zip: '94107' }, {}),
		).toEqual<GoogleMemberResult>({
			identifiers: [{ emailAddress: h('a@example.com') }],
			rejections: [],
			matchable: true,
			incompleteAddress: ['lastName', 'country'],
		});
	});

	it('counts an invalid part as missing, with its rejection', () => {
		const member = buildGoogleMember(
			{ firstName: 'Jane', lastName: 'Doe', country: 'US', zip: '9410' },
			{},
		);
		expect(member.identifiers).toEqual([]);
		expect(member.matchable).toBe(false);
		expect(member.incompleteAddress).toEqual(['zip']);
		expect(member.rejections).toEqual([
			{ field: 'zip', reason: 'invalid_zip', detail: expect.any(String) },
		]);
	});

	it('never takes the address region from the default country', () => {
		const member = buildGoogleMember(
			{ phone: '(800) 555-0100', firstName: 'Jane', lastName: 'Doe', zip: '94107' },
			{ defaultCountry: 'US' },
		);
		expect(member.identifiers).toEqual([{ phoneNumber: h('+18005550100') }]);
		expect(member.incompleteAddress).toEqual(['country']);
	});

	it('uses the contact’s country, then the default, for national phone numbers', () => {
		expect(buildGoogleMember({ phone: '020 7946 0958', country: 'GB' }, {}).identifiers).toEqual([
			{ phoneNumber: h('+442079460958') },
		]);
		expect(
			buildGoogleMember({ phone: '020 7946 0958' }, { defaultCountry: 'United Kingdom' })
				.identifiers,
		).toEqual([{ phoneNumber: h('+442079460958') }]);
		// An invalid contact country falls back to the default for the phone, and is reported.
		const member = buildGoogleMember(
			{ phone: '020 7946 0958', country: 'Atlantis' },
			{ defaultCountry: 'GB' },
		);
		expect(member.identifiers).toEqual([{ phoneNumber: h('+442079460958') }]);
		expect(member.rejections.map((r) => r.reason)).toEqual(['invalid_country']);
		expect(member.incompleteAddress).toEqual(['firstName', 'lastName', 'country', 'zip']);
	});

	it('applies the US ZIP rule only with the contact’s own country', () => {
		const base = { firstName: 'Jane', lastName: 'Doe', zip: '9410' };
		expect(buildGoogleMember({ ...base, country: 'us' }, {}).rejections).toHaveLength(1);
		expect(buildGoogleMember({ ...base, country: 'DE' }, {}).identifiers).toEqual([
			{
				address: {
					givenName: h('jane'),
					familyName: h('doe'),
					regionCode: 'DE',
					postalCode: '9410',
				},
			},
		]);
	});

	it('passes already hashed values through lowercased', () => {
		const email = h('jane@example.com');
		const phone = h('+15559876543');
		const first = h('jane');
		const last = h('doe');
		const member = buildGoogleMember(
			{
				email: email.toUpperCase(),
				phone: ` ${phone} `,
				firstName: first.toUpperCase(),
				lastName: last,
				country: 'GB',
				zip: 'sw1a 1aa',
			},
			{},
		);
		expect(member).toEqual<GoogleMemberResult>({
			identifiers: [
				{ emailAddress: email },
				{ phoneNumber: phone },
				{
					address: { givenName: first, familyName: last, regionCode: 'GB', postalCode: 'SW1A 1AA' },
				},
			],
			rejections: [],
			matchable: true,
		});
	});

	it('keeps a valid phone when the e-mail is invalid', () => {
		const member = buildGoogleMember({ email: 'not an email', phone: '+1 555 987 6543' }, {});
		expect(member.identifiers).toEqual([{ phoneNumber: h('+15559876543') }]);
		expect(member.matchable).toBe(true);
		expect(member.rejections).toEqual([
			{ field: 'email', reason: 'invalid_email', detail: expect.any(String) },
		]);
		expect(member.incompleteAddress).toBeUndefined();
	});

	it('is not matchable with nothing usable', () => {
		expect(buildGoogleMember({}, {})).toEqual<GoogleMemberResult>({
			identifiers: [],
			rejections: [],
			matchable: false,
		});
		const member = buildGoogleMember({ email: 'x', phone: '12', lastName: '...' }, {});
		expect(member.matchable).toBe(false);
		expect(member.rejections.map((r) => r.reason)).toEqual([
			'invalid_email',
			'invalid_phone',
			'invalid_last_name',
		]);
		expect(member.incompleteAddress).toEqual(['firstName', 'lastName', 'country', 'zip']);
	});

	it('treats blank and non-string values like Meta does', () => {
		const member = buildGoogleMember(
			{ email: '   ', phone: 15559876543 as unknown as string, zip: '' },
			{ defaultCountry: ' ' },
		);
		expect(member).toEqual<GoogleMemberResult>({
			identifiers: [{ phoneNumber: h('+15559876543') }],
			rejections: [],
			matchable: true,
		});
	});

	it('ignores fields that are not Customer Match contact identifiers', () => {
		const member = buildGoogleMember(
			{
				city: 'Paris',
				state: 'NY',
				dateOfBirth: '1990-01-01',
				gender: 'f',
				mobileAdvertiserId: 'not-used',
				externalId: 'crm-1',
			},
			{},
		);
		expect(member).toEqual<GoogleMemberResult>({
			identifiers: [],
			rejections: [],
			matchable: false,
		});
	});

	it('stays within Google’s per-member identifier limit', () => {
		expect(GOOGLE_MAX_IDENTIFIERS_PER_MEMBER).toBe(10);
		expect(buildGoogleMember(full, {}).identifiers.length).toBeLessThanOrEqual(10);
	});
});
