import {
	COUNTRIES,
	COUNTRY_BY_ALPHA2,
	lookupCountry,
	normalizeCountry,
	resolveDefaultCountry,
	sha256Hex,
} from '../../../nodes/shared/identifiers';

describe('normalizeCountry', () => {
	it.each([
		['US', 'us'],
		['us', 'us'],
		[' Us ', 'us'],
		['USA', 'us'],
		['usa', 'us'],
		['U.S.', 'us'],
		['U.S.A.', 'us'],
		['United States', 'us'],
		['united states of america', 'us'],
		['UNITED STATES', 'us'],
		['America', 'us'],
		['GB', 'gb'],
		['GBR', 'gb'],
		['UK', 'gb'],
		['U.K.', 'gb'],
		['United Kingdom', 'gb'],
		['Great Britain', 'gb'],
		['England', 'gb'],
		['DE', 'de'],
		['DEU', 'de'],
		['Germany', 'de'],
		['Deutschland', 'de'],
		['FRA', 'fr'],
		['France', 'fr'],
		['Italia', 'it'],
		['España', 'es'],
		['Espana', 'es'],
		['Österreich', 'at'],
		['Schweiz', 'ch'],
		['The Netherlands', 'nl'],
		['Netherlands', 'nl'],
		['Holland', 'nl'],
		['South Korea', 'kr'],
		['Korea, Republic of', 'kr'],
		['North Korea', 'kp'],
		['Côte d’Ivoire', 'ci'],
		["Cote d'Ivoire", 'ci'],
		['Ivory Coast', 'ci'],
		['Türkiye', 'tr'],
		['Turkey', 'tr'],
		['Czech Republic', 'cz'],
		['Czechia', 'cz'],
		['Russia', 'ru'],
		['Russian Federation', 'ru'],
		['Viet Nam', 'vn'],
		['UAE', 'ae'],
		['United Arab Emirates', 'ae'],
		['Bosnia & Herzegovina', 'ba'],
		['Bosnia and Herzegovina', 'ba'],
		['Trinidad & Tobago', 'tt'],
		['St. Lucia', 'lc'],
		['Saint Lucia', 'lc'],
		['St Kitts and Nevis', 'kn'],
		['Democratic Republic of the Congo', 'cd'],
		['DRC', 'cd'],
		['Republic of the Congo', 'cg'],
		['Hong Kong', 'hk'],
		['Åland Islands', 'ax'],
		['Curaçao', 'cw'],
		['Kosovo', 'xk'],
		['XK', 'xk'],
		['Brasil', 'br'],
		['México', 'mx'],
		['Japan', 'jp'],
		['JPN', 'jp'],
		['Vatican City', 'va'],
		['Eswatini', 'sz'],
		['Swaziland', 'sz'],
		['Burma', 'mm'],
		['Antarctica', 'aq'],
	])('%j → %j', (input, expected) => {
		expect(normalizeCountry(input)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it.each([
		'XX',
		'ZZ',
		'EU',
		'Atlantis',
		'Untied States',
		'Congo', // ambiguous between CG and CD: never guessed
		'Korea Republic Democratic',
		'123',
		'U',
		'USAA',
		'Europe',
		'東京',
		'   ',
		'--',
	])('%j is rejected (never hashed as a squashed name)', (input) => {
		expect(normalizeCountry(input)).toMatchObject({ ok: false, reason: 'invalid_country' });
	});

	it('accepts a prehashed country, lowercased', () => {
		const hash = sha256Hex('us');
		expect(normalizeCountry(hash.toUpperCase())).toEqual({
			ok: true,
			value: hash,
			prehashed: true,
		});
	});
});

describe('country table', () => {
	it('covers every ISO 3166-1 alpha-2 code (249) plus XK', () => {
		expect(COUNTRIES).toHaveLength(250);
		expect(new Set(COUNTRIES.map((c) => c.alpha2)).size).toBe(250);
		expect(new Set(COUNTRIES.map((c) => c.alpha3)).size).toBe(250);
	});

	it.each(COUNTRIES.map((c) => [c.alpha2, c] as const))(
		'%s row is well formed and resolvable',
		(alpha2, c) => {
			expect(alpha2).toMatch(/^[A-Z]{2}$/);
			expect(c.alpha3).toMatch(/^[A-Z]{3}$/);
			expect(c.name.length).toBeGreaterThan(2);
			expect(lookupCountry(alpha2)).toBe(c);
			expect(lookupCountry(c.alpha3)).toBe(c);
			expect(lookupCountry(c.name)).toBe(c);
			expect(lookupCountry(c.name.toUpperCase())).toBe(c);
			for (const alias of c.aliases) expect(lookupCountry(alias)).toBe(c);
			if (c.callingCode !== '') {
				expect(c.callingCode).toMatch(/^[1-9]\d{0,2}$/);
				expect(c.nsnLengths.length).toBeGreaterThan(0);
				for (const length of c.nsnLengths) {
					expect(length).toBeGreaterThanOrEqual(4);
					expect(length).toBeLessThanOrEqual(15);
				}
				expect(c.internationalPrefix).not.toBe('');
				expect(() => new RegExp(c.internationalPrefix)).not.toThrow();
			}
			expect(['', '0', '1', '8', '06']).toContain(c.trunkPrefix);
			expect(c.usesTrunkZero).toBe(c.trunkPrefix === '0');
		},
	);

	it.each([
		['US', 'USA', '1', [10], '1', '011', false],
		['CA', 'CAN', '1', [10], '1', '011', false],
		['GB', 'GBR', '44', [9, 10], '0', '00', false],
		['DE', 'DEU', '49', [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], '0', '00', false],
		['FR', 'FRA', '33', [9], '0', '00', false],
		['IT', 'ITA', '39', [6, 7, 8, 9, 10, 11, 12], '', '00', true],
		['SM', 'SMR', '378', [8, 10], '', '00', true],
		['VA', 'VAT', '39', [6, 7, 8, 9, 10, 11], '', '00', true],
		['ES', 'ESP', '34', [9], '', '00', false],
		['RU', 'RUS', '7', [10], '8', '810', false],
		['KZ', 'KAZ', '7', [10], '8', '810', false],
		['HU', 'HUN', '36', [8, 9], '06', '00', false],
		['JP', 'JPN', '81', [9, 10], '0', '010', false],
		['IN', 'IND', '91', [10], '0', '00', false],
	])('%s has the expected phone facts', (alpha2, alpha3, code, lengths, trunk, idd, keepsZero) => {
		const c = COUNTRY_BY_ALPHA2.get(alpha2);
		expect(c).toMatchObject({
			alpha3,
			callingCode: code,
			nsnLengths: lengths,
			trunkPrefix: trunk,
			internationalPrefix: idd,
			keepsLeadingZero: keepsZero,
		});
	});

	it('has no phone plan for uninhabited territories', () => {
		expect(COUNTRY_BY_ALPHA2.get('AQ')?.callingCode).toBe('');
		expect(COUNTRY_BY_ALPHA2.get('BV')?.callingCode).toBe('');
	});
});

describe('resolveDefaultCountry', () => {
	it.each<[string | undefined, string | undefined]>([
		['US', 'US'],
		['us', 'US'],
		['Germany', 'DE'],
		['United Kingdom', 'GB'],
		['UK', 'GB'],
		['fra', 'FR'],
		// Blank or unknown: no default country.
		[undefined, undefined],
		['', undefined],
		['   ', undefined],
		['Atlantis', undefined],
	])('%j → %j', (raw, expected) => {
		expect(resolveDefaultCountry(raw)).toBe(expected);
	});

	it('answers each call from its own argument (no state kept between calls)', () => {
		const answers = ['US', 'Germany', 'US', 'Atlantis', 'Germany'].map(resolveDefaultCountry);
		expect(answers).toEqual(['US', 'DE', 'US', undefined, 'DE']);
	});
});
