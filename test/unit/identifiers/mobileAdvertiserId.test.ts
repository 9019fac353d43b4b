import {
	normalizeExternalId,
	normalizeMobileAdvertiserId,
} from '../../../nodes/shared/identifiers';

describe('normalizeMobileAdvertiserId', () => {
	it.each([
		['6D92078A-8246-4BA4-AE5B-76104861E7DC', '6d92078a-8246-4ba4-ae5b-76104861e7dc'],
		['  6d92078a-8246-4ba4-ae5b-76104861e7dc ', '6d92078a-8246-4ba4-ae5b-76104861e7dc'],
		['38400000-8cf0-11bd-b23e-10b96e40000d', '38400000-8cf0-11bd-b23e-10b96e40000d'],
		['AbCdEf01-2345-6789-aBcD-eF0123456789', 'abcdef01-2345-6789-abcd-ef0123456789'],
	])('%j → %j (unhashed, hyphens kept)', (input, expected) => {
		expect(normalizeMobileAdvertiserId(input)).toEqual({
			ok: true,
			value: expected,
			prehashed: false,
		});
	});

	it.each([
		['6d92078a82464ba4ae5b76104861e7dc', 'no hyphens'],
		['{6d92078a-8246-4ba4-ae5b-76104861e7dc}', 'braces'],
		['6d92078a-8246-4ba4-ae5b-76104861e7d', 'too short'],
		['6d92078a-8246-4ba4-ae5b-76104861e7dcc', 'too long'],
		['6d92078g-8246-4ba4-ae5b-76104861e7dc', 'non-hex'],
		['6d92078a-8246-4ba4-ae5b76104861-e7dc', 'wrong grouping'],
		['6d92078a 8246 4ba4 ae5b 76104861e7dc', 'spaces'],
		['00000000-0000-0000-0000-000000000000', 'all zero (tracking disabled)'],
		[
			'1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e',
			'a SHA-256 (MADID is never hashed)',
		],
		['   ', 'blank'],
	])('%j is rejected (%s)', (input) => {
		expect(normalizeMobileAdvertiserId(input)).toMatchObject({
			ok: false,
			reason: 'invalid_mobile_advertiser_id',
		});
	});
});

describe('normalizeExternalId', () => {
	it.each([
		['CRM-000123', 'CRM-000123'],
		['  CRM-000123  ', 'CRM-000123'],
		['AbC', 'AbC'], // case kept
		['a b c', 'a b c'], // inner spaces kept
		['42', '42'],
		['14155550123', '14155550123'], // digits alone are a common CRM ID
		['user@', 'user@'],
		['+42', '+42'],
		['ünïcödé-ID', 'ünïcödé-ID'],
		[
			'1EF970831D7963307784FA8688E8FCE101A15685D62AA765FED23F3A2C576A4E',
			'1EF970831D7963307784FA8688E8FCE101A15685D62AA765FED23F3A2C576A4E',
		],
		['x'.repeat(256), 'x'.repeat(256)],
		['😀'.repeat(256), '😀'.repeat(256)], // 256 characters (512 UTF-16 units)
	])('%j is passed as is', (input, expected) => {
		expect(normalizeExternalId(input)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it.each([' ', '\t\n', 'x'.repeat(257), '😀'.repeat(257), 'jane@example.com', ' id:jane.doe@mail.co.uk', '😀@😀.com', '+1 415 555 0123', '+447700900123'])('%j is rejected', (input) => {
		expect(normalizeExternalId(input)).toMatchObject({ ok: false, reason: 'invalid_external_id' });
	});
});
