import { consentState, isExcluded } from '../../../nodes/shared/members/consent';
import { fieldText, readPath } from '../../../nodes/shared/members/fields';

describe('consentState', () => {
	it.each([
		[true, 'granted'],
		[1, 'granted'],
		['true', 'granted'],
		[' YES ', 'granted'],
		['Granted', 'granted'],
		['opt_in', 'granted'],
		['opted-in', 'granted'],
		['subscribed', 'granted'],
		[false, 'denied'],
		[0, 'denied'],
		['no', 'denied'],
		['DENIED', 'denied'],
		['unsubscribed', 'denied'],
		['withdrawn', 'denied'],
		[undefined, 'unspecified'],
		[null, 'unspecified'],
		['', 'unspecified'],
		['maybe', 'unspecified'],
		[2, 'unspecified'],
		[{}, 'unspecified'],
	])('%j → %s', (value, expected) => {
		expect(consentState(value)).toBe(expected);
	});
});

describe('isExcluded', () => {
	it.each([
		[true, true],
		[1, true],
		['yes', true],
		['Suppressed', true],
		['excluded', true],
		[false, false],
		[0, false],
		['no', false],
		[undefined, false],
		['', false],
	])('%j → %s', (value, expected) => {
		expect(isExcluded(value)).toBe(expected);
	});
});

describe('readPath / fieldText', () => {
	const item = { email: ' A@B.co ', 'dotted.key': 'x', contact: { phone: 15551234567, tags: ['first', 'second'] }, blank: '  ', flag: true };

	it.each([
		['email', ' A@B.co '],
		['dotted.key', 'x'],
		['contact.phone', '15551234567'],
		['contact.tags', 'first'],
		['contact.missing', undefined],
		['blank', undefined],
		['flag', undefined],
		['', undefined],
	])('%s → %j', (path, expected) => {
		expect(fieldText(item, path)).toBe(expected);
	});

	it('reads nested objects', () => {
		expect(readPath(item, 'contact.phone')).toBe(15551234567);
	});
});
