import { sha256Hex } from '../../../nodes/shared/identifiers';
import {
	normalizeMetaCity,
	normalizeMetaState,
	normalizeMetaZip,
} from '../../../nodes/shared/platforms/meta/normalize';

describe('normalizeMetaCity', () => {
	it.each([
		['New York', 'newyork'],
		['  NEW YORK  ', 'newyork'],
		['São Paulo', 'saopaulo'],
		['Sa\u0303o Paulo', 'saopaulo'],
		['Zürich', 'zurich'],
		['Kraków', 'krakow'],
		['Łódź', 'lodz'],
		['Großenhain', 'grossenhain'],
		['Tromsø', 'tromso'],
		['Ærøskøbing', 'aeroskobing'],
		['Saint-Étienne', 'saintetienne'],
		["L'Aquila", 'laquila'],
		['Winston-Salem', 'winstonsalem'],
		['St. Louis', 'stlouis'],
		['Washington, D.C.', 'washingtondc'],
		['Paris 75001', 'paris'],
		['İstanbul', 'istanbul'],
		['Reykjavík', 'reykjavik'],
		['Þórshöfn', 'thorshofn'],
		['Tokyo 東京', 'tokyo'],
	])('%j → %j', (input, expected) => {
		expect(normalizeMetaCity(input)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it.each(['東京', 'Москва', '12345', '   ', '---', 'القاهرة'])(
		'%j has no Latin letters: rejected',
		(input) => {
			expect(normalizeMetaCity(input)).toMatchObject({ ok: false, reason: 'invalid_city' });
		},
	);

	it('accepts a prehashed city', () => {
		const hash = sha256Hex('newyork');
		expect(normalizeMetaCity(hash.toUpperCase())).toEqual({
			ok: true,
			value: hash,
			prehashed: true,
		});
	});
});

describe('normalizeMetaState (US)', () => {
	it.each([
		['NY', 'ny'],
		['ny', 'ny'],
		[' Ny ', 'ny'],
		['N.Y.', 'ny'],
		['New York', 'ny'],
		['new york', 'ny'],
		['newyork', 'ny'],
		['NEW  YORK', 'ny'],
		['California', 'ca'],
		['CA', 'ca'],
		['Washington', 'wa'],
		['Washington DC', 'dc'],
		['Washington, D.C.', 'dc'],
		['District of Columbia', 'dc'],
		['DC', 'dc'],
		['Puerto Rico', 'pr'],
		['PR', 'pr'],
		['Guam', 'gu'],
		['U.S. Virgin Islands', 'vi'],
		['American Samoa', 'as'],
		['Northern Mariana Islands', 'mp'],
		['Hawaii', 'hi'],
		["Hawai'i", 'hi'],
		['Rhode Island', 'ri'],
		['West Virginia', 'wv'],
		['Virginia', 'va'],
		['North Carolina', 'nc'],
		['Armed Forces Europe', 'ae'],
		['AP', 'ap'],
	])('%j → %j', (input, expected) => {
		expect(normalizeMetaState(input, 'US')).toEqual({
			ok: true,
			value: expected,
			prehashed: false,
		});
		expect(normalizeMetaState(input, 'us')).toEqual({
			ok: true,
			value: expected,
			prehashed: false,
		});
	});

	it.each(['XX', 'Ontario', 'New Yrok', 'ZZ', 'Bavaria', '12', 'N', 'Yorkshire', '東京'])(
		'%j is not a US state: rejected',
		(input) => {
			expect(normalizeMetaState(input, 'us')).toMatchObject({ ok: false, reason: 'invalid_state' });
		},
	);

	it('accepts a country given by name for the US rule', () => {
		expect(normalizeMetaState('New York', 'United States')).toEqual({
			ok: true,
			value: 'ny',
			prehashed: false,
		});
	});
});

describe('normalizeMetaState (non-US or unknown country)', () => {
	it.each([
		['Ontario', 'CA', 'ontario'],
		['ON', 'ca', 'on'],
		['Île-de-France', 'FR', 'iledefrance'],
		['Baden-Württemberg', 'DE', 'badenwurttemberg'],
		['BY', 'DE', 'by'],
		['New South Wales', 'AU', 'newsouthwales'],
		['São Paulo', 'BR', 'saopaulo'],
		['Greater London', 'GB', 'greaterlondon'],
		['NY', undefined, 'ny'],
		['Puerto Rico', undefined, 'puertorico'], // a territory with its own ISO code
		['Zürich', 'CH', 'zurich'],
	])('%j (country %j) → %j', (input, country, expected) => {
		expect(normalizeMetaState(input, country)).toEqual({
			ok: true,
			value: expected,
			prehashed: false,
		});
	});

	it.each([
		['東京都', 'JP'],
		['123', 'DE'],
		['--', undefined],
	])('%j (country %j) has no Latin letters: rejected', (input, country) => {
		expect(normalizeMetaState(input, country)).toMatchObject({
			ok: false,
			reason: 'invalid_state',
		});
	});

	it('accepts a prehashed state whatever the country', () => {
		const hash = sha256Hex('ny');
		expect(normalizeMetaState(hash.toUpperCase(), 'us')).toEqual({
			ok: true,
			value: hash,
			prehashed: true,
		});
		expect(normalizeMetaState(hash, 'de')).toEqual({ ok: true, value: hash, prehashed: true });
	});
});

describe('normalizeMetaZip', () => {
	it.each([
		['94107', 'US', '94107'],
		['94107-1234', 'US', '94107'],
		['94107 - 1234', 'us', '94107'],
		['941071234', 'US', '94107'],
		[' 02134 ', 'US', '02134'],
		['SW1A 1AA', 'GB', 'sw1a1aa'],
		['sw1a1aa', 'gb', 'sw1a1aa'],
		['EC1A  1BB', 'GB', 'ec1a1bb'],
		['K1A 0B6', 'CA', 'k1a0b6'],
		['10115', 'DE', '10115'],
		['75001', 'FR', '75001'],
		['1012 AB', 'NL', '1012ab'],
		['00-950', 'PL', '00-950'],
		['100-0001', 'JP', '100-0001'],
		['01310-100', 'BR', '01310-100'],
		['941071234', undefined, '941071234'], // unknown country, not a ZIP+4: generic rule
		['SW1A\u00a01AA', 'GB', 'sw1a1aa'],
	])('%j (country %j) → %j', (input, country, expected) => {
		expect(normalizeMetaZip(input, country)).toEqual({
			ok: true,
			value: expected,
			prehashed: false,
		});
	});

	it.each([
		['9410', 'US'],
		['941070', 'US'],
		['94107-12', 'US'],
		['94107-12345', 'US'],
		['ABCDE', 'US'],
		['SW1A 1AA', 'US'],
		['94107_1234', 'US'],
		['---', 'GB'],
		['--', undefined],
	])('%j (country %j) is rejected', (input, country) => {
		expect(normalizeMetaZip(input, country)).toMatchObject({ ok: false, reason: 'invalid_zip' });
	});

	it('accepts a prehashed ZIP', () => {
		const hash = sha256Hex('94107');
		expect(normalizeMetaZip(hash.toUpperCase(), 'us')).toEqual({
			ok: true,
			value: hash,
			prehashed: true,
		});
	});
});

describe('only American: a ZIP+4 or a full US state name follows the US rules without a country', () => {
	it.each<[string, string | undefined, string | undefined, string]>([
		['California', undefined, undefined, 'ca'],
		['New York', undefined, undefined, 'ny'],
		['newyork', undefined, undefined, 'ny'],
		['West Virginia', undefined, 'DE', 'wv'], // whatever the default country
		['District of Columbia', undefined, undefined, 'dc'],
		['Armed Forces Europe', undefined, 'GB', 'ae'],
		// Not only American: a code ('CA' is also Canada's), a territory, another country's region.
		['CA', undefined, undefined, 'ca'],
		['Guam', undefined, undefined, 'guam'],
		['Ontario', undefined, 'CA', 'ontario'],
		// The contact's own country wins.
		['California', 'MX', undefined, 'california'],
	])('state %j (country %j, default %j) → %j', (input, country, defaultCountry, expected) => {
		expect(normalizeMetaState(input, country, defaultCountry)).toEqual({
			ok: true,
			value: expected,
			prehashed: false,
		});
	});

	it.each<[string, string | undefined, string | undefined, string]>([
		['12345-6789', undefined, undefined, '12345'],
		['94107-1234', undefined, undefined, '94107'],
		['94107 - 1234', undefined, 'GB', '94107'], // whatever the default country
		// Not only American: nine digits, a Brazilian CEP, a Polish code.
		['941071234', undefined, 'DE', '941071234'],
		['01310-100', undefined, undefined, '01310-100'],
		['00-950', undefined, undefined, '00-950'],
		// The contact's own country wins.
		['94107-1234', 'DE', undefined, '94107-1234'],
	])('ZIP %j (country %j, default %j) → %j', (input, country, defaultCountry, expected) => {
		expect(normalizeMetaZip(input, country, defaultCountry)).toEqual({
			ok: true,
			value: expected,
			prehashed: false,
		});
	});
});
