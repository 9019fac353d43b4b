import {
	normalizeBirthDay,
	normalizeBirthMonth,
	normalizeBirthYear,
	parseDateOfBirth,
	sha256Hex,
} from '../../../nodes/shared/identifiers';

const THIS_YEAR = new Date().getUTCFullYear();

describe('normalizeBirthYear', () => {
	it.each([
		['1990', '1990'],
		[' 1985 ', '1985'],
		['1900', '1900'],
		[String(THIS_YEAR), String(THIS_YEAR)],
		['2000', '2000'],
	])('%j → %j', (input, expected) => {
		expect(normalizeBirthYear(input)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it.each([
		'1899',
		String(THIS_YEAR + 1),
		'90',
		'19900',
		'nineteen',
		'1990.0',
		'-1990',
		'1 990',
		'０１９９０',
		'',
	])('%j is rejected', (input) => {
		expect(normalizeBirthYear(input)).toMatchObject({ ok: false, reason: 'invalid_birth_year' });
	});

	it('accepts a prehashed year', () => {
		const hash = sha256Hex('1990');
		expect(normalizeBirthYear(hash.toUpperCase())).toEqual({
			ok: true,
			value: hash,
			prehashed: true,
		});
	});
});

describe('normalizeBirthMonth', () => {
	it.each([
		['1', '01'],
		['01', '01'],
		['4', '04'],
		['04', '04'],
		[' 9 ', '09'],
		['10', '10'],
		['12', '12'],
		['January', '01'],
		['jan', '01'],
		['Jan.', '01'],
		['FEBRUARY', '02'],
		['Mar', '03'],
		['April', '04'],
		['apr', '04'],
		['May', '05'],
		['June', '06'],
		['Jul', '07'],
		['August', '08'],
		['Sep', '09'],
		['Sept', '09'],
		['Sept.', '09'],
		['September', '09'],
		['Oct', '10'],
		['November', '11'],
		['Dec', '12'],
	])('%j → %j', (input, expected) => {
		expect(normalizeBirthMonth(input)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it.each(['0', '00', '13', '99', '004', 'Janu', 'Mai', 'Avril', '4th', '-1', '1.5', 'month'])(
		'%j is rejected',
		(input) => {
			expect(normalizeBirthMonth(input)).toMatchObject({
				ok: false,
				reason: 'invalid_birth_month',
			});
		},
	);
});

describe('normalizeBirthDay', () => {
	it.each([
		['1', '01'],
		['01', '01'],
		['7', '07'],
		[' 9 ', '09'],
		['10', '10'],
		['29', '29'],
		['31', '31'],
	])('%j → %j', (input, expected) => {
		expect(normalizeBirthDay(input)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it.each(['0', '00', '32', '99', '001', '1st', 'seven', '-1', '3.0'])(
		'%j is rejected',
		(input) => {
			expect(normalizeBirthDay(input)).toMatchObject({ ok: false, reason: 'invalid_birth_day' });
		},
	);
});

describe('parseDateOfBirth', () => {
	it.each([
		['1990-05-14', '1990', '05', '14'],
		['1990-5-4', '1990', '05', '04'],
		[' 1990-05-14 ', '1990', '05', '14'],
		['1990-05-14T00:00:00Z', '1990', '05', '14'],
		['1990-05-14T23:30:00.000Z', '1990', '05', '14'], // date as written, never shifted
		['1990-05-14T00:00:00+02:00', '1990', '05', '14'],
		['1990-05-14 08:15', '1990', '05', '14'],
		['1990/05/14', '1990', '05', '14'],
		['1990.05.14', '1990', '05', '14'],
		['19900514', '1990', '05', '14'],
		['05/14/1990', '1990', '05', '14'],
		['5/14/1990', '1990', '05', '14'],
		['04/05/1990', '1990', '04', '05'], // ambiguous: US order (April 5)
		['12/11/1990', '1990', '12', '11'], // ambiguous: US order
		['14/05/1990', '1990', '05', '14'], // first number > 12: day first
		['31/12/1999', '1999', '12', '31'],
		['05-14-1990', '1990', '05', '14'],
		['14.05.1990', '1990', '05', '14'],
		['4.5.1990', '1990', '05', '04'], // dotted is always day first
		['29.02.2000', '2000', '02', '29'], // leap year (divisible by 400)
		['2024-02-29', '2024', '02', '29'],
		['1900-01-01', '1900', '01', '01'],
	])('%j → %s-%s-%s', (input, year, month, day) => {
		expect(parseDateOfBirth(input)).toEqual({ ok: true, year, month, day });
	});

	it.each([
		'1990-02-30', // Feb 30
		'1900-02-29', // 1900 is not a leap year
		'2023-02-29',
		'1990-04-31',
		'1990-13-01',
		'1990-00-10',
		'1990-01-00',
		'13/13/1990',
		'02/30/1990',
		'31.04.1990',
		'1899-12-31',
		`${THIS_YEAR + 1}-01-01`,
		'9999-12-31',
		'14/05/90', // two-digit year
		'May 14, 1990',
		'1990-05',
		'1990',
		'yesterday',
		'1990-05-14T25:00', // not a time
		'1990/05-14',
		'05/14-1990',
		'',
	])('%j is rejected', (input) => {
		const result = parseDateOfBirth(input);
		expect(result).toMatchObject({ ok: false, reason: 'invalid_date_of_birth' });
		if (input !== '') expect(!result.ok && result.detail).not.toContain(input);
	});

	it('rejects a date later than today', () => {
		const tomorrow = new Date(Date.now() + 86_400_000);
		const iso = tomorrow.toISOString().slice(0, 10);
		expect(parseDateOfBirth(iso)).toMatchObject({ ok: false, detail: 'date is in the future' });
	});

	it('accepts today', () => {
		const iso = new Date().toISOString().slice(0, 10);
		expect(parseDateOfBirth(iso).ok).toBe(true);
	});
});
