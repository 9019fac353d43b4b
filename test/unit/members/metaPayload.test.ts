import { IDENTIFIER_FIELDS, identifierFieldsProperty } from '../../../nodes/AudienceMember/actions/fields.description';
import {
	metaPayload,
	metaRowBytes,
	newMetaSessionId,
} from '../../../nodes/shared/platforms/meta/payload';

const h = (c: string) => c.repeat(64);

describe('metaPayload', () => {
	it('uses only the columns some row has, in Meta schema order, with empty strings for gaps', () => {
		const payload = metaPayload(
			[
				{ PHONE: h('b'), EMAIL: h('a') },
				{ EXTERN_ID: 'crm-7', EMAIL: h('c') },
			],
			'off',
		);
		expect(payload.schema).toEqual(['EMAIL', 'PHONE', 'EXTERN_ID']);
		expect(payload.data).toEqual([
			[h('a'), h('b'), ''],
			[h('c'), '', 'crm-7'],
		]);
	});

	it.each([
		['geolocate', [['LDU'], 0, 0]],
		['california', [['LDU'], 1, 1000]],
	] as const)('adds the Limited Data Use columns (%s)', (mode, cells) => {
		const payload = metaPayload([{ EMAIL: h('a') }], mode);
		expect(payload.schema).toEqual([
			'EMAIL',
			'DATA_PROCESSING_OPTIONS',
			'DATA_PROCESSING_OPTIONS_COUNTRY',
			'DATA_PROCESSING_OPTIONS_STATE',
		]);
		expect(payload.data[0]).toEqual([h('a'), ...cells]);
	});

	it('estimates a row no smaller than its JSON', () => {
		const row = { EMAIL: h('a'), PHONE: h('b'), EXTERN_ID: 'ünïcode "quoted"' };
		const json = JSON.stringify(metaPayload([row], 'off').data[0]);
		expect(metaRowBytes(row)).toBeGreaterThanOrEqual(new TextEncoder().encode(json).length);
	});
});

describe('newMetaSessionId', () => {
	it.each([0, 0.5, 0.999999])('is a positive safe integer (random %f)', (r) => {
		const id = newMetaSessionId(() => r);
		expect(Number.isSafeInteger(id)).toBe(true);
		expect(id).toBeGreaterThan(0);
	});
});

describe('identifier field defaults', () => {
	it('match the documented default input field names', () => {
		const expected = Object.fromEntries(
			IDENTIFIER_FIELDS.filter((field) => field.defaultField).map((field) => [field.key, field.defaultField]),
		);
		expect(identifierFieldsProperty.default).toEqual(expected);
	});
});
