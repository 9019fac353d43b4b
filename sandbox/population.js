// @ts-check
'use strict';

/**
 * The sandbox's "platform users": a deterministic population of people with the identifiers an ad
 * platform knows them by, in the CANONICAL NORMALIZED form Meta documents (Custom Audiences guide,
 * "Hashing and Normalization for Multi-Key", plus /work/shared/reference/precisions.md):
 *
 * - email: trimmed, lowercase (dots and +tags kept: Meta does not apply Gmail's rules)
 * - phone: digits only, country code first, no leading zeros ('15559876543', '447700900123')
 * - fn / ln: lowercase, letters of any script only ('valéry', 'müller', '정'; "O'Brien" → 'obrien')
 * - ct: a-z only; st: US two-letter code lowercase ('' outside the US); zip: US 5 digits, UK postcode
 *   lowercase without spaces ('sw1a1aa'), others digits; country: ISO 3166-1 alpha-2 lowercase
 * - doby 'YYYY', dobm 'MM', dobd 'DD' zero-padded; gen 'm' | 'f'; madid: lowercase UUID (not hashed)
 *
 * The same people, as Google knows them (Data Manager "Format user data" + precisions.md), are
 * `googleIdentifiers(person)`: e-mail lowercase, and for gmail.com / googlemail.com without dots and
 * without the `+suffix` of the local part; phone E.164 WITH the '+'; given / family name lowercase,
 * words joined by one space, inner hyphens kept, other punctuation removed ('Mary Ann' → 'mary ann',
 * 'Jean-Luc' → 'jean-luc', "O'Brien" → 'obrien'); region code ISO-2 uppercase; postal code as the
 * country writes it (US 5 digits, UK 'SW1A 1AA', others digits), never hashed.
 *
 * This is an independent implementation on purpose: nothing here comes from the node's `nodes/`
 * code, so a normalization bug in the node cannot confirm itself against the sandbox.
 */

const { createHash } = require('node:crypto');
const { rngFor, mix32 } = require('./prng');

/**
 * @typedef {Object} Person
 * @property {number} id index in the population (0-based)
 * @property {string} email
 * @property {string} phone
 * @property {string} fn
 * @property {string} ln
 * @property {string} ct
 * @property {string} st
 * @property {string} zip
 * @property {string} country
 * @property {string} doby
 * @property {string} dobm
 * @property {string} dobd
 * @property {'m' | 'f'} gen
 * @property {string} madid
 */

/**
 * A contact as a CRM would hold it.
 * @typedef {Object} RawContact
 * @property {string} external_id
 * @property {string} email
 * @property {string} phone
 * @property {string} first_name
 * @property {string} last_name
 * @property {string} city
 * @property {string} state
 * @property {string} zip
 * @property {string} country
 * @property {string} date_of_birth
 * @property {string} gender
 */

/**
 * Hashed (or, for MADID, raw) identifiers of one uploaded row, keyed by Meta schema key.
 * @typedef {Partial<Record<'EMAIL' | 'PHONE' | 'MADID' | 'FN' | 'LN' | 'ZIP' | 'CT' | 'DOBY', string>>} MatchKeys
 */

/**
 * A person's identifiers in Google's canonical (unhashed) form.
 * @typedef {Object} GoogleIdentifiers
 * @property {string} email lowercase; gmail.com / googlemail.com: no dots and no +suffix in the local part
 * @property {string} phone E.164 with the leading '+'
 * @property {string} givenName lowercase, one space between words, inner hyphens kept, no other punctuation
 * @property {string} familyName same rules
 * @property {string} regionCode ISO 3166-1 alpha-2, uppercase ('US')
 * @property {string} postalCode as written in the country: US 5 digits, UK 'SW1A 1AA', others digits
 */

/**
 * Hashed identifiers of one Data Manager audience member (hex SHA-256; region and postal code raw).
 * @typedef {Object} GoogleMatchKeys
 * @property {string[]} [emails]
 * @property {string[]} [phones]
 * @property {Array<{ givenName: string, familyName: string, regionCode: string, postalCode: string }>} [addresses]
 */

/**
 * @typedef {Object} PersonSource
 * @property {Person} person
 * @property {string} firstName display form ("Valéry", "O'Brien")
 * @property {string} lastName
 * @property {string} city display form ("St. Louis")
 * @property {string} zipDisplay as usually written ("SW1A 1AA", "10001")
 * @property {string} nationalNumber phone without country code and without trunk prefix
 * @property {CountryDef} def
 */

/**
 * @typedef {Object} CountryDef
 * @property {string} code
 * @property {number} weight
 * @property {string[]} names English names a CRM might hold instead of the code
 * @property {{ cc: string, prefixes: string[], digits: number, min: number, range: number, trunk: string }} phone
 * @property {string[]} female
 * @property {string[]} male
 * @property {string[]} last
 * @property {Array<{ name: string, state: string, zips: string[] }>} cities
 * @property {'digits' | 'uk'} zipStyle
 * @property {string[]} domains
 */

/**
 * Name lists use "Display" or "Display|ascii" (the ascii form feeds e-mail local parts for
 * scripts that do not fold to a-z).
 * @param {string} s
 * @returns {string[]}
 */
const list = (s) => s.split(',').map((x) => x.trim());

/**
 * @param {string} s "City|st|zip,zip;City2|st|zip"
 * @returns {Array<{ name: string, state: string, zips: string[] }>}
 */
const cities = (s) =>
	s.split(';').map((c) => {
		const [name, state, zips] = c.split('|');
		return { name: name.trim(), state: state.trim(), zips: list(zips) };
	});

/** @type {CountryDef[]} */
const COUNTRIES = [
	{
		code: 'us',
		weight: 45,
		names: ['United States', 'United States of America'],
		phone: {
			cc: '1',
			prefixes: list('212,310,312,415,512,617,206,305,404,702,303,215'),
			digits: 7,
			min: 2_000_000,
			range: 8_000_000,
			trunk: '',
		},
		female: list(
			'Mary,Jennifer,Linda,Patricia,Elizabeth,Susan,Jessica,Sarah,Karen,Nancy,Lisa,Ashley,Emily,Mary Ann,Zoë,Chloé,Amber,Megan',
		),
		male: list(
			'James,John,Robert,Michael,William,David,Richard,Joseph,Thomas,Charles,Christopher,Daniel,Matthew,Anthony,Mark,José,Kevin,Brian',
		),
		last: list(
			"Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Hernandez,Lopez,Gonzalez,Wilson,Anderson,Taylor,Moore,Jackson,O'Brien,McDonald,Nguyen,Kim,Patel,Peña",
		),
		cities: cities(
			'New York|ny|100,101,102,103;Los Angeles|ca|900,901;Chicago|il|606;Houston|tx|770;Phoenix|az|850;Philadelphia|pa|191;San Antonio|tx|782;San Diego|ca|921;Dallas|tx|752;Seattle|wa|981;Boston|ma|021;Miami|fl|331;Atlanta|ga|303;Denver|co|802;St. Louis|mo|631;Winston-Salem|nc|271',
		),
		zipStyle: 'digits',
		domains: list('gmail.com,yahoo.com,outlook.com,icloud.com,aol.com,hotmail.com'),
	},
	{
		code: 'gb',
		weight: 15,
		names: ['United Kingdom'],
		phone: {
			cc: '44',
			prefixes: list('7700,7711,7722,7733,7800,7900'),
			digits: 6,
			min: 0,
			range: 1_000_000,
			trunk: '0',
		},
		female: list('Olivia,Amelia,Isla,Ava,Emily,Sophie,Grace,Lily,Chloe,Charlotte,Siobhán,Niamh'),
		male: list('Oliver,George,Harry,Jack,Jacob,Noah,Charlie,Thomas,Oscar,William,Seán,Rhys'),
		last: list(
			"Smith,Jones,Taylor,Brown,Williams,Wilson,Johnson,Davies,Robinson,Wright,Thompson,Evans,Walker,White,Roberts,Green,Hall,Wood,Clarke,O'Sullivan,Smythe-Jones",
		),
		cities: cities(
			'London||sw1a,ec1a,w1a,e14,n1,se1,nw3;Manchester||m1,m4,m20;Birmingham||b1,b33;Leeds||ls1,ls6;Glasgow||g2,g12;Bristol||bs1,bs8;Edinburgh||eh1,eh3;Stratford-upon-Avon||cv37',
		),
		zipStyle: 'uk',
		domains: list('gmail.com,btinternet.com,outlook.com,yahoo.co.uk,sky.com'),
	},
	{
		code: 'de',
		weight: 12,
		names: ['Germany'],
		phone: {
			cc: '49',
			prefixes: list('151,152,157,160,170,171,176'),
			digits: 8,
			min: 10_000_000,
			range: 90_000_000,
			trunk: '0',
		},
		female: list('Maria,Anna,Emma,Hannah,Lena,Leonie,Jülide,Käthe,Sophie,Mia'),
		male: list('Jürgen,Jörg,Lukas,Maximilian,Felix,Paul,Jonas,Björn,Sören,Leon'),
		last: list(
			'Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schröder,Koch,Bauer,Köhler,Krüger',
		),
		cities: cities(
			'Berlin||101,103,104,120;Hamburg||200,201,204;Frankfurt am Main||603,604;Stuttgart||701,703;Dresden||010,011;Leipzig||041,043;Bonn||531;Hannover||301,304',
		),
		zipStyle: 'digits',
		domains: list('gmx.de,web.de,gmail.com,t-online.de'),
	},
	{
		code: 'fr',
		weight: 10,
		names: ['France'],
		phone: {
			cc: '33',
			prefixes: list('6,7'),
			digits: 8,
			min: 0,
			range: 100_000_000,
			trunk: '0',
		},
		female: list('Camille,Léa,Chloé,Manon,Inès,Zoé,Éloïse,Marie,Anne-Sophie,Hélène'),
		male: list('Valéry,François,Jérôme,Louis,Hugo,Lucas,Jean-Luc,Théo,Benoît,Gaël'),
		last: list(
			"Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Lefèvre,Girard,Dupont,Fontaine,D'Estaing,Bénard",
		),
		cities: cities(
			'Paris||750;Marseille||130;Lyon||690;Toulouse||310;Nice||060;Nantes||440;Strasbourg||670;Bordeaux||330;Lille||590;Aix-en-Provence||131',
		),
		zipStyle: 'digits',
		domains: list('orange.fr,gmail.com,free.fr,laposte.net,sfr.fr'),
	},
	{
		code: 'it',
		weight: 7,
		names: ['Italy'],
		phone: {
			cc: '39',
			prefixes: list('320,328,333,340,347,348,366,380'),
			digits: 7,
			min: 0,
			range: 10_000_000,
			trunk: '',
		},
		female: list('Giulia,Sofia,Aurora,Alice,Ginevra,Emma,Giorgia,Beatrice'),
		male: list('Leonardo,Francesco,Alessandro,Lorenzo,Mattia,Niccolò,Andrea,Gabriele'),
		last: list(
			"Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,D'Angelo,Lucà",
		),
		cities: cities(
			'Roma||001;Milano||201;Napoli||801;Torino||101;Palermo||901;Genova||161;Bologna||401;Firenze||501',
		),
		zipStyle: 'digits',
		domains: list('libero.it,gmail.com,virgilio.it,alice.it'),
	},
	{
		code: 'es',
		weight: 6,
		names: ['Spain'],
		phone: {
			cc: '34',
			prefixes: list('6,7'),
			digits: 8,
			min: 0,
			range: 100_000_000,
			trunk: '',
		},
		female: list('Lucía,Sofía,Martina,María,Paula,Julia,Valeria,Inés'),
		male: list('Hugo,Martín,Lucas,Mateo,Leo,Daniel,Alejandro,José'),
		last: list('García,Rodríguez,González,Fernández,López,Martínez,Sánchez,Pérez,Gómez,Núñez'),
		cities: cities(
			'Madrid||280;Barcelona||080;Valencia||460;Sevilla||410;Zaragoza||500;Bilbao||480',
		),
		zipStyle: 'digits',
		domains: list('gmail.com,hotmail.es,telefonica.net,yahoo.es'),
	},
	{
		code: 'kr',
		weight: 5,
		names: ['South Korea'],
		phone: {
			cc: '82',
			prefixes: list('10'),
			digits: 8,
			min: 20_000_000,
			range: 80_000_000,
			trunk: '0',
		},
		female: list('서연|seoyeon,지우|jiwoo,하은|haeun,민서|minseo'),
		male: list('민준|minjun,서준|seojun,도윤|doyoon,예준|yejun'),
		last: list('김|kim,이|lee,박|park,최|choi,정|jeong,강|kang,조|cho,윤|yoon'),
		cities: cities('Seoul||030,041,061;Busan||480,490;Incheon||220;Daegu||410'),
		zipStyle: 'digits',
		domains: list('naver.com,daum.net,gmail.com'),
	},
];

const TOTAL_WEIGHT = COUNTRIES.reduce((s, c) => s + c.weight, 0);

/** US state codes used by the cities above → names a CRM might hold. */
const US_STATE_NAMES = /** @type {Record<string, string>} */ ({
	ny: 'New York',
	ca: 'California',
	il: 'Illinois',
	tx: 'Texas',
	az: 'Arizona',
	pa: 'Pennsylvania',
	wa: 'Washington',
	ma: 'Massachusetts',
	fl: 'Florida',
	ga: 'Georgia',
	co: 'Colorado',
	mo: 'Missouri',
	nc: 'North Carolina',
});

const UK_INWARD_LETTERS = [...'abdefghjlnpqrstuwxyz'];

// Multiplier coprime with every numbering-plan size above: (index * P + offset) mod M is then a
// permutation of [0, M), so two people never share a phone number (for populations < 6 million).
const PHONE_PERMUTATION_PRIME = 1_000_003;

/** Random streams (one per purpose so that adding a field later does not reshuffle others). */
const STREAM_PERSON = 1;
const STREAM_MESSY = 2;

/**
 * @param {string} value
 * @returns {string} SHA-256 of the UTF-8 bytes, lowercase hex
 */
function sha256Hex(value) {
	return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Canonical name per Meta: lowercase, letters of any script only, NFC.
 * @param {string} display
 * @returns {string}
 */
function canonicalName(display) {
	return display
		.normalize('NFC')
		.toLowerCase()
		.replace(/[^\p{L}]/gu, '');
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * Google's e-mail rule: white space removed, lowercase; for gmail.com and googlemail.com the dots
 * and the `+suffix` of the local part go (the domain stays as written).
 * @param {string} email
 * @returns {string}
 */
function googleEmail(email) {
	const e = email.replace(/\s+/gu, '').toLowerCase();
	const at = e.lastIndexOf('@');
	if (at < 0) return e;
	let local = e.slice(0, at);
	const domain = e.slice(at + 1);
	if (GMAIL_DOMAINS.has(domain)) local = local.split('+')[0].replace(/\./g, '');
	return `${local}@${domain}`;
}

/** @type {Map<string, string>} display name → Google form */
const googleNameCache = new Map();

/**
 * Google's name rule for the population's display names: NFC, lowercase, words joined by one space,
 * hyphens inside a word kept, any other punctuation removed, letters of any script and accents kept.
 * (Population names carry no honorifics, so there is nothing to strip.)
 * @param {string} display
 * @returns {string}
 */
function googleName(display) {
	let out = googleNameCache.get(display);
	if (out === undefined) {
		out = display
			.normalize('NFC')
			.toLowerCase()
			.split(/\s+/u)
			.map((word) =>
				word
					.replace(/[^\p{L}\p{M}-]/gu, '')
					.replace(/-{2,}/g, '-')
					.replace(/^-+|-+$/g, ''),
			)
			.filter(Boolean)
			.join(' ');
		googleNameCache.set(display, out);
	}
	return out;
}

/**
 * How the sandbox compares postal codes (they travel unhashed, so Google can tidy them itself):
 * uppercase, no white space; in the US a ZIP+4 (`12345-6789`) counts as its 5-digit ZIP.
 * @param {string} regionCode
 * @param {string} postalCode
 * @returns {string}
 */
function googlePostalKey(regionCode, postalCode) {
	const p = postalCode.toUpperCase().replace(/\s+/gu, '');
	if (regionCode === 'US' && /^\d{5}(-?\d{4})?$/.test(p)) return p.slice(0, 5);
	return p;
}

/**
 * @param {string} givenNameHash
 * @param {string} familyNameHash
 * @param {string} regionCode
 * @param {string} postalCode
 * @returns {string}
 */
const googleAddressKey = (givenNameHash, familyNameHash, regionCode, postalCode) =>
	`${givenNameHash}|${familyNameHash}|${regionCode}|${googlePostalKey(regionCode, postalCode)}`;

/** @type {WeakMap<Person, GoogleIdentifiers>} */
const GOOGLE_FORMS = new WeakMap();

/**
 * Google's canonical identifiers of a population person (a Person object of any Population).
 * @param {Person} person
 * @returns {GoogleIdentifiers}
 */
function googleIdentifiersOf(person) {
	const forms = GOOGLE_FORMS.get(person);
	if (!forms)
		throw new Error(
			'googleIdentifiersOf: pass a Person object of a sandbox population (not a copy)',
		);
	return forms;
}

/** @typedef {{ display: string, ascii: string, canonical: string }} NameEntry */

/**
 * @param {string} entry "Display" or "Display|ascii"
 * @returns {NameEntry}
 */
function splitName(entry) {
	const [display, ascii] = entry.split('|');
	return {
		display,
		canonical: canonicalName(display),
		ascii:
			ascii ??
			display
				.normalize('NFD')
				.replace(/\p{M}/gu, '')
				.toLowerCase()
				.replace(/[^a-z]/g, ''),
	};
}

/** @type {Map<CountryDef, { female: NameEntry[], male: NameEntry[], last: NameEntry[] }>} */
const nameCache = new Map();

/**
 * @param {CountryDef} def
 * @returns {{ female: NameEntry[], male: NameEntry[], last: NameEntry[] }}
 */
function namesOf(def) {
	let names = nameCache.get(def);
	if (!names) {
		names = {
			female: def.female.map(splitName),
			male: def.male.map(splitName),
			last: def.last.map(splitName),
		};
		nameCache.set(def, names);
	}
	return names;
}

/**
 * @param {number} n
 * @param {number} width
 * @returns {string}
 */
const pad = (n, width) => String(n).padStart(width, '0');

/**
 * Generates person `index` for `seed`. Pure: the same (seed, index) always gives the same person,
 * whatever the population size, so "outsiders" (index ≥ size) are just people who are not indexed.
 * @param {number} seed
 * @param {number} index
 * @returns {PersonSource}
 */
function generatePerson(seed, index) {
	const rng = rngFor(seed, index, STREAM_PERSON);

	let roll = rng.int(TOTAL_WEIGHT);
	let def = COUNTRIES[0];
	for (const c of COUNTRIES) {
		if (roll < c.weight) {
			def = c;
			break;
		}
		roll -= c.weight;
	}

	const gen = rng.chance(0.5) ? 'f' : 'm';
	const names = namesOf(def);
	const first = rng.pick(gen === 'f' ? names.female : names.male);
	const last = rng.pick(names.last);
	const city = rng.pick(def.cities);
	const zipPrefix = rng.pick(city.zips);

	let zip;
	let zipDisplay;
	if (def.zipStyle === 'uk') {
		const inward = `${rng.int(10)}${rng.pick(UK_INWARD_LETTERS)}${rng.pick(UK_INWARD_LETTERS)}`;
		zip = zipPrefix + inward;
		zipDisplay = `${zipPrefix} ${inward}`.toUpperCase();
	} else {
		zip = zipPrefix + pad(rng.int(10 ** (5 - zipPrefix.length)), 5 - zipPrefix.length);
		zipDisplay = zip;
	}

	const doby = String(1950 + rng.int(57));
	const dobm = pad(1 + rng.int(12), 2);
	const dobd = pad(1 + rng.int(28), 2);

	const plan = def.phone;
	const planSize = plan.prefixes.length * plan.range;
	const offset = mix32(seed, def.code.charCodeAt(0) * 256 + def.code.charCodeAt(1)) % planSize;
	const u = (index * PHONE_PERMUTATION_PRIME + offset) % planSize;
	const nationalNumber =
		plan.prefixes[u % plan.prefixes.length] +
		pad(plan.min + Math.floor(u / plan.prefixes.length), plan.digits);

	const domain = rng.pick(def.domains);
	const n = index + 1;
	const f = first.ascii;
	const l = last.ascii;
	const local = [`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`, `${l}.${f}`][rng.int(5)];
	// A few addresses carry a +tag: for Meta it is part of the address (no Gmail-style stripping).
	const tag = rng.chance(0.04) ? '+news' : '';
	const email = `${local}${tag}${n}@${domain}`;

	const madid = `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${'89ab'[rng.int(4)]}${rng.hex(3)}-${rng.hex(12)}`;

	/** @type {Person} */
	const person = {
		id: index,
		email,
		phone: plan.cc + nationalNumber,
		fn: first.canonical,
		ln: last.canonical,
		ct: city.name.toLowerCase().replace(/[^a-z]/g, ''),
		st: city.state,
		zip,
		country: def.code,
		doby,
		dobm,
		dobd,
		gen,
		madid,
	};
	return {
		person,
		firstName: first.display,
		lastName: last.display,
		city: city.name,
		zipDisplay,
		nationalNumber,
		def,
	};
}

/**
 * @param {string} digits
 * @param {number[]} groups
 * @param {string} sep
 * @returns {string}
 */
function group(digits, groups, sep) {
	const parts = [];
	let i = 0;
	for (const g of groups) {
		if (i >= digits.length) break;
		parts.push(digits.slice(i, i + g));
		i += g;
	}
	if (i < digits.length) parts.push(digits.slice(i));
	return parts.join(sep);
}

/**
 * Phone as a CRM holds it. Tidy: E.164. Messy: national formats (country known from the contact),
 * "+CC …" with spaces, "00CC …".
 * @param {PersonSource} src
 * @param {import('./prng').Rng | null} rng
 * @returns {string}
 */
function formatPhone(src, rng) {
	const { cc, trunk } = src.def.phone;
	const nat = src.nationalNumber;
	if (!rng) return `+${cc}${nat}`;
	if (cc === '1') {
		const [a, e, s] = [nat.slice(0, 3), nat.slice(3, 6), nat.slice(6)];
		return rng.pick([
			`(${a}) ${e}-${s}`,
			`${a}-${e}-${s}`,
			`+1 ${a} ${e} ${s}`,
			`1 (${a}) ${e}-${s}`,
			`${a}.${e}.${s}`,
		]);
	}
	const grouped = group(nat, nat.length > 9 ? [3, 3] : [1, 2, 2, 2], ' ');
	const national = trunk + nat;
	return rng.pick([
		`+${cc} ${grouped}`,
		`00${cc} ${grouped}`,
		`${group(national, national.length > 10 ? [4, 3] : [2, 2, 2, 2], ' ')}`,
		`+${cc}-${nat}`,
	]);
}

/**
 * @param {string} s
 * @param {import('./prng').Rng} rng
 * @returns {string}
 */
function messyCase(s, rng) {
	const v = rng.int(3);
	if (v === 0) return s.toUpperCase();
	if (v === 1) return ` ${s} `;
	return `${s}  `;
}

/**
 * @param {PersonSource} src
 * @param {boolean} messy
 * @param {number} seed
 * @returns {RawContact}
 */
function toRawContact(src, messy, seed) {
	const p = src.person;
	const us = p.country === 'us';
	const tidy = {
		external_id: `crm-${pad(p.id + 1, 7)}`,
		email: p.email,
		phone: formatPhone(src, null),
		first_name: src.firstName,
		last_name: src.lastName,
		city: src.city,
		state: us ? p.st.toUpperCase() : '',
		zip: src.zipDisplay,
		country: p.country.toUpperCase(),
		date_of_birth: `${p.doby}-${p.dobm}-${p.dobd}`,
		gender: p.gen === 'f' ? 'female' : 'male',
	};
	if (!messy) return tidy;

	const rng = rngFor(seed, p.id, STREAM_MESSY);
	const [local, domain] = p.email.split('@');
	const emailCase = rng.pick([
		`${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}`,
		p.email.toUpperCase(),
		`${local}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`,
	]);
	const dobVariants = [
		`${p.doby}-${Number(p.dobm)}-${Number(p.dobd)}`,
		` ${p.doby}-${p.dobm}-${p.dobd} `,
		`${p.doby}/${p.dobm}/${p.dobd}`,
	];
	let zip = src.zipDisplay;
	if (src.def.zipStyle === 'uk')
		zip = rng.pick([zip.toLowerCase(), zip.replace(' ', '') + ' ', zip]);
	else if (us) zip = rng.chance(0.5) ? `${zip}-${pad(rng.int(10000), 4)}` : ` ${zip}`;
	else zip = ` ${zip} `;

	return {
		external_id: tidy.external_id,
		email: rng.pick([` ${emailCase}`, `${emailCase} `, `\t${emailCase}`, emailCase]),
		phone: formatPhone(src, rng),
		first_name: messyCase(src.firstName, rng),
		last_name: messyCase(src.lastName, rng),
		city: rng.chance(0.5) ? src.city.toUpperCase() : ` ${src.city}`,
		state: us ? (rng.chance(0.7) ? US_STATE_NAMES[p.st] : ` ${p.st} `) : '',
		zip,
		country: rng.chance(0.6) ? rng.pick(src.def.names) : ` ${p.country} `,
		date_of_birth: rng.pick(dobVariants),
		gender: rng.pick(
			p.gen === 'f' ? ['F', 'Female', ' f ', 'FEMALE'] : ['M', 'Male', ' m ', 'MALE'],
		),
	};
}

/** Keys matched through "FN + LN + one of these" (all hashed). */
const VOCAB_KEYS = /** @type {const} */ (['FN', 'LN', 'ZIP', 'CT', 'DOBY']);
/** @typedef {typeof VOCAB_KEYS[number]} VocabKey */

// FN+LN+X combinations are indexed under one number: fn id (11 bits), ln id (11 bits), value id
// (21 bits), which key X is (2 bits): 45 bits, exact in a double and much cheaper than string keys.
/** The keys that complete FN + LN, in index order. */
const SECOND_KEYS = /** @type {const} */ (['ZIP', 'CT', 'DOBY']);
const COMBO_SECOND = 2 ** 2;
const COMBO_VALUE = 2 ** 21;
const COMBO_NAME = 2 ** 11;

class Population {
	/**
	 * @param {number} seed
	 * @param {number} size
	 */
	constructor(seed, size) {
		if (!Number.isInteger(size) || size < 0)
			throw new RangeError('populationSize must be an integer ≥ 0');
		this.seed = seed;
		this.size = size;
		/** @type {Person[]} */
		this.people = [];
		/** @private @type {Map<string, number>} SHA-256 of the e-mail → person */
		this.byEmail = new Map();
		/** @private @type {Map<string, number>} SHA-256 of the phone → person */
		this.byPhone = new Map();
		/** @private @type {Map<string, number>} raw MADID → person */
		this.byMadid = new Map();
		/** @private @type {Record<VocabKey, Map<string, number>>} canonical value → small id */
		this.valueIds = {
			FN: new Map(),
			LN: new Map(),
			ZIP: new Map(),
			CT: new Map(),
			DOBY: new Map(),
		};
		/** @private @type {Record<VocabKey, Map<string, number>>} SHA-256 of a value → its id */
		this.hashIds = { FN: new Map(), LN: new Map(), ZIP: new Map(), CT: new Map(), DOBY: new Map() };
		/** @private @type {Map<number, number>} combination → person, -1 when ambiguous */
		this.combos = new Map();
		/** @private @type {GoogleIdentifiers[]} */
		this.googleForms = [];
		/**
		 * @private @type {{ emails: Map<string, number>, phones: Map<string, number>,
		 *   addresses: Map<string, number> } | null} built on first use (hashing costs ~50 ms per 20k)
		 */
		this.googleIndexCache = null;

		for (let i = 0; i < size; i++) {
			const src = generatePerson(seed, i);
			const p = src.person;
			this.people.push(p);
			/** @type {GoogleIdentifiers} */
			const google = {
				email: googleEmail(p.email),
				phone: `+${p.phone}`,
				givenName: googleName(src.firstName),
				familyName: googleName(src.lastName),
				regionCode: p.country.toUpperCase(),
				postalCode: src.def.zipStyle === 'uk' ? src.zipDisplay : p.zip,
			};
			this.googleForms.push(google);
			GOOGLE_FORMS.set(p, google);
			this.byEmail.set(sha256Hex(p.email), i);
			this.byPhone.set(sha256Hex(p.phone), i);
			this.byMadid.set(p.madid, i);
			const names = this.valueId('FN', p.fn) * COMBO_NAME + this.valueId('LN', p.ln);
			const seconds = [
				this.valueId('ZIP', p.zip),
				this.valueId('CT', p.ct),
				this.valueId('DOBY', p.doby),
			];
			for (let k = 0; k < seconds.length; k++) {
				const key = (names * COMBO_VALUE + seconds[k]) * COMBO_SECOND + k;
				this.combos.set(key, this.combos.has(key) ? -1 : i);
			}
		}
		if (
			this.valueIds.FN.size > COMBO_NAME ||
			this.valueIds.LN.size > COMBO_NAME ||
			this.valueIds.ZIP.size > COMBO_VALUE
		) {
			throw new Error('population vocabulary too large for the combination index');
		}
	}

	/**
	 * @private
	 * @param {VocabKey} key
	 * @param {string} value canonical value
	 * @returns {number}
	 */
	valueId(key, value) {
		const ids = this.valueIds[key];
		let id = ids.get(value);
		if (id === undefined) {
			id = ids.size;
			ids.set(value, id);
			this.hashIds[key].set(sha256Hex(value), id);
		}
		return id;
	}

	/**
	 * @param {string} value
	 * @returns {string} SHA-256 lowercase hex of the UTF-8 bytes
	 */
	hash(value) {
		return sha256Hex(value);
	}

	/**
	 * @param {number} id
	 * @returns {Person | undefined}
	 */
	person(id) {
		return this.people[id];
	}

	/**
	 * @param {string} email canonical e-mail (trimmed, lowercase) or its SHA-256
	 * @returns {Person | undefined}
	 */
	personForEmail(email) {
		const id = this.byEmail.get(
			/^[0-9a-f]{64}$/.test(email) ? email : sha256Hex(email.trim().toLowerCase()),
		);
		return id === undefined ? undefined : this.people[id];
	}

	/**
	 * @param {string} phone canonical phone (digits with country code) or its SHA-256
	 * @returns {Person | undefined}
	 */
	personForPhone(phone) {
		const id = this.byPhone.get(/^[0-9a-f]{64}$/.test(phone) ? phone : sha256Hex(phone));
		return id === undefined ? undefined : this.people[id];
	}

	/**
	 * @param {string} madid lowercase mobile advertiser id
	 * @returns {Person | undefined}
	 */
	personForMadid(madid) {
		const id = this.byMadid.get(madid);
		return id === undefined ? undefined : this.people[id];
	}

	/**
	 * Finds the person an uploaded row designates, the way the sandbox decides a "match":
	 * EMAIL, PHONE or MADID identify a person on their own; otherwise FN + LN plus one of ZIP, CT,
	 * DOBY must designate exactly one person (an ambiguous combination matches nobody).
	 * @param {MatchKeys} keys hashed values (MADID raw)
	 * @returns {number} person id, or -1
	 */
	match(keys) {
		for (const [value, index] of /** @type {const} */ ([
			[keys.EMAIL, this.byEmail],
			[keys.PHONE, this.byPhone],
			[keys.MADID, this.byMadid],
		])) {
			if (value) {
				const id = index.get(value);
				if (id !== undefined) return id;
			}
		}
		const fn = keys.FN ? this.hashIds.FN.get(keys.FN) : undefined;
		const ln = keys.LN ? this.hashIds.LN.get(keys.LN) : undefined;
		if (fn === undefined || ln === undefined) return -1;
		const names = fn * COMBO_NAME + ln;
		for (let k = 0; k < SECOND_KEYS.length; k++) {
			const hashed = keys[SECOND_KEYS[k]];
			const v = hashed ? this.hashIds[SECOND_KEYS[k]].get(hashed) : undefined;
			if (v !== undefined) {
				const id = this.combos.get((names * COMBO_VALUE + v) * COMBO_SECOND + k);
				if (id !== undefined && id >= 0) return id;
			}
		}
		return -1;
	}

	// ---- Google (Data Manager) ----------------------------------------------------------------

	/**
	 * @param {Person | number} personOrId
	 * @returns {GoogleIdentifiers} the person's identifiers in Google's canonical (unhashed) form
	 */
	googleIdentifiers(personOrId) {
		const id = typeof personOrId === 'number' ? personOrId : personOrId.id;
		const forms = this.googleForms[id];
		if (!forms) throw new RangeError(`googleIdentifiers: no person ${id} in this population`);
		return forms;
	}

	/**
	 * Google's hash indexes; a key that designates two people maps to -1 (e.g. two gmail users whose
	 * addresses differ only by dots or a +suffix: Google reads them as one mailbox). Built on first
	 * use (the command-line sandbox builds it at start).
	 */
	googleIndex() {
		if (!this.googleIndexCache) {
			/** @type {Map<string, string>} */
			const nameHashes = new Map();
			const nameHash = (/** @type {string} */ name) => {
				let h = nameHashes.get(name);
				if (h === undefined) {
					h = sha256Hex(name);
					nameHashes.set(name, h);
				}
				return h;
			};
			const index = { emails: new Map(), phones: new Map(), addresses: new Map() };
			const put = (
				/** @type {Map<string, number>} */ map,
				/** @type {string} */ key,
				/** @type {number} */ id,
			) => map.set(key, map.has(key) ? -1 : id);
			this.googleForms.forEach((g, i) => {
				put(index.emails, sha256Hex(g.email), i);
				put(index.phones, sha256Hex(g.phone), i);
				put(
					index.addresses,
					googleAddressKey(
						nameHash(g.givenName),
						nameHash(g.familyName),
						g.regionCode,
						g.postalCode,
					),
					i,
				);
			});
			this.googleIndexCache = index;
		}
		return this.googleIndexCache;
	}

	/**
	 * @param {string} email an e-mail (Google's rule is applied) or the SHA-256 hex of a normalized one
	 * @returns {Person | undefined} undefined when nobody, or more than one person, has it
	 */
	personForGoogleEmail(email) {
		const key = /^[0-9a-f]{64}$/.test(email) ? email : sha256Hex(googleEmail(email));
		const id = this.googleIndex().emails.get(key);
		return id === undefined || id < 0 ? undefined : this.people[id];
	}

	/**
	 * @param {string} phone E.164 ('+14155550123') or the SHA-256 hex of one
	 * @returns {Person | undefined}
	 */
	personForGooglePhone(phone) {
		const key = /^[0-9a-f]{64}$/.test(phone) ? phone : sha256Hex(phone);
		const id = this.googleIndex().phones.get(key);
		return id === undefined || id < 0 ? undefined : this.people[id];
	}

	/**
	 * The person a Data Manager audience member designates: the first e-mail, then phone, then
	 * address (hashed given + family name, raw region and postal code) that designates exactly one
	 * person.
	 * @param {GoogleMatchKeys} keys lowercase hex SHA-256 values
	 * @returns {number} person id, or -1
	 */
	matchGoogle(keys) {
		const index = this.googleIndex();
		for (const [values, map] of /** @type {const} */ ([
			[keys.emails, index.emails],
			[keys.phones, index.phones],
		])) {
			for (const value of values ?? []) {
				const id = map.get(value);
				if (id !== undefined && id >= 0) return id;
			}
		}
		for (const a of keys.addresses ?? []) {
			const id = index.addresses.get(
				googleAddressKey(a.givenName, a.familyName, a.regionCode, a.postalCode),
			);
			if (id !== undefined && id >= 0) return id;
		}
		return -1;
	}

	/**
	 * Contacts of population members as a CRM would hold them. With `messy`, each field carries
	 * realistic noise that correct normalization removes (case, whitespace, national phone formats,
	 * state and country names, ZIP+4, spaced UK postcodes, unpadded dates, "Female"/"M").
	 * @param {number} count
	 * @param {{ offset?: number, messy?: boolean }} [options]
	 * @returns {RawContact[]}
	 */
	rawContacts(count, options = {}) {
		const offset = options.offset ?? 0;
		if (offset < 0 || offset + count > this.size) {
			throw new RangeError(
				`rawContacts: [${offset}, ${offset + count}) is outside the population (size ${this.size})`,
			);
		}
		return this.contactsFrom(offset, count, options.messy ?? false);
	}

	/**
	 * Well-formed contacts of people who are NOT in the population (they match nobody by e-mail,
	 * phone or MADID): use them to lower a match rate on purpose.
	 * @param {number} count
	 * @param {{ offset?: number, messy?: boolean }} [options]
	 * @returns {RawContact[]}
	 */
	outsiderContacts(count, options = {}) {
		return this.contactsFrom(this.size + (options.offset ?? 0), count, options.messy ?? false);
	}

	/**
	 * @private
	 * @param {number} start
	 * @param {number} count
	 * @param {boolean} messy
	 * @returns {RawContact[]}
	 */
	contactsFrom(start, count, messy) {
		return personContacts(this.seed, start, count, messy);
	}
}

/**
 * Contacts of people `start`… of the population of `seed`, without building the population (the
 * people, and so the contacts, depend on the seed and the index only): for a process that sends
 * contacts to a sandbox running elsewhere.
 * @param {number} seed
 * @param {number} start
 * @param {number} count
 * @param {boolean} messy
 * @returns {RawContact[]}
 */
function personContacts(seed, start, count, messy) {
	/** @type {RawContact[]} */
	const out = [];
	for (let i = start; i < start + count; i++) out.push(toRawContact(generatePerson(seed, i), messy, seed));
	return out;
}

/** @type {Map<string, Population>} */
const cache = new Map();

/**
 * Populations are immutable, so sandboxes with the same seed and size share one.
 * @param {number} seed
 * @param {number} size
 * @returns {Population}
 */
function getPopulation(seed, size) {
	const key = `${seed}:${size}`;
	let pop = cache.get(key);
	if (!pop) {
		pop = new Population(seed, size);
		cache.set(key, pop);
	}
	return pop;
}

module.exports = {
	Population,
	getPopulation,
	personContacts,
	sha256Hex,
	US_STATE_NAMES,
	googleEmail,
	googleName,
	googlePostalKey,
	googleIdentifiersOf,
};
