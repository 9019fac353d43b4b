import { createHmac } from 'crypto';
import fc from 'fast-check';

import {
	contactKeyHash,
	newSyncState,
	packIdentity,
	packState,
	unpackIdentity,
	unpackState,
} from '../../../nodes/shared/sync/state';
import { sha256Hex } from '../../../nodes/shared/identifiers';

const email = sha256Hex('ada@example.com');
const phone = sha256Hex('15551234567');

describe('sync state codec', () => {
	it.each([
		['a Meta identity (digests joined by \\u0001)', `${email}\u0001${phone}\u0001\u0001`],
		['a Google identity (JSON of identifiers)', JSON.stringify([{ emailAddress: email }, { address: { givenName: email, regionCode: 'US', postalCode: '94107' } }])],
		['an unhashed external ID with a tab', `\u0001ext\tid~1\\n`],
		['an external ID with spaces and a bar', `${email}\u0001\u0001ACME 42|7`],
		['an identity that starts with the verbatim mark', '!abc'],
		['empty', ''],
	])('packs and unpacks %s', (_, identity) => {
		const packed = packIdentity(identity);
		expect(packed).not.toMatch(/[\t\n]/);
		expect(unpackIdentity(packed)).toBe(identity);
	});

	it.each([
		['Meta', `${email}\u0001${phone}\u0001\u0001\u0001ACME 42`],
		['Google', JSON.stringify([{ emailAddress: email }, { address: { givenName: email, regionCode: 'US', postalCode: 'SW1A 1AA' } }])],
	])('a %s identity packs into text that JSON does not escape', (_, identity) => {
		const packed = packIdentity(identity);
		expect(JSON.stringify(packed)).toHaveLength(packed.length + 2);
		expect(unpackIdentity(packed)).toBe(identity);
	});

	it('packs each SHA-256 digest in 44 characters instead of 64', () => {
		expect(packIdentity(email)).toHaveLength(44);
		expect(packIdentity(`${email}\u0001${phone}`)).toHaveLength(89);
	});

	it('packs exactly as the state format defines it, digests found as [0-9a-f]{64} finds them', () => {
		// The format's definition, as version 1 of the state was first written.
		const defined = (identity: string) =>
			/[\t\n~|'\\]/.test(identity) || identity.startsWith('!')
				? '!' + identity.replace(/[\\\t\n]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n' })[c] ?? c)
				: identity
						.replace(/[0-9a-f]{64}/g, (hex) => '~' + Buffer.from(hex, 'hex').toString('base64url'))
						.split('\u0001')
						.join('|')
						.split('"')
						.join("'");
		const piece = fc.oneof(
			fc.constantFrom(email, phone, email.slice(0, 63), email.toUpperCase(), '\u0001', '"', '!', '~', '|', "'", '\\', '\t', '\n', '\u007f', 'é', '😀', ':', '{'),
			fc.stringMatching(/^[0-9a-g]{1,70}$/),
			fc.string({ unit: 'binary', maxLength: 3 }),
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join('')), (identity) => {
				expect(packIdentity(identity)).toBe(defined(identity));
			}),
			{ numRuns: 3000 },
		);
		expect(packIdentity('a'.repeat(130))).toBe(defined('a'.repeat(130)));
		expect(packIdentity(email.repeat(80))).toBe(defined(email.repeat(80)));
	});

	it('round-trips any identity', () => {
		fc.assert(fc.property(fc.string({ unit: 'binary' }), (identity) => expect(unpackIdentity(packIdentity(identity))).toBe(identity)));
	});

	it('round-trips a whole state, and refuses another version', () => {
		const state = newSyncState();
		state.members.set(contactKeyHash(state.secret, 'key:1'), { identity: packIdentity(email), sentAt: 1796000000 });
		state.members.set(contactKeyHash(state.secret, 'key:2'), { identity: packIdentity(`${phone}\u0001x`), sentAt: 1796000001 });
		state.members.set(contactKeyHash(state.secret, 'key:3'), { identity: packIdentity('ext id with spaces'), sentAt: 1796000002 });
		state.generation = 3;
		const packed = packState(state);
		expect(packed.size).toBe(3);
		expect(JSON.stringify(packed)).not.toContain(email);
		// Nothing in the members text that JSON has to escape.
		expect(JSON.stringify(packed.members)).toHaveLength(packed.members.length + 2 + (packed.members.match(/\n/g)?.length ?? 0));
		expect(unpackState(JSON.parse(JSON.stringify(packed)))).toEqual(state);
		expect(() => unpackState({ ...packed, version: 99 })).toThrow('version 99');
	});

	it('keys are keyed hashes: stable for one secret, different for another, never the key itself', () => {
		const a = newSyncState();
		const b = newSyncState();
		expect(contactKeyHash(a.secret, 'email:ada@example.com')).toBe(contactKeyHash(a.secret, 'email:ada@example.com'));
		expect(contactKeyHash(a.secret, 'email:ada@example.com')).not.toBe(contactKeyHash(b.secret, 'email:ada@example.com'));
		expect(contactKeyHash(a.secret, 'email:ada@example.com')).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});

	it('keys are the first 16 bytes of HMAC-SHA256 under the secret, whichever secret came before', () => {
		const secrets = [newSyncState().secret, newSyncState().secret];
		const expected = (secret: string, key: string) =>
			createHmac('sha256', Buffer.from(secret, 'base64url')).update(key, 'utf8').digest().subarray(0, 16).toString('base64url');
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.string({ unit: 'grapheme' })), { minLength: 1, maxLength: 20 }), (calls) => {
				for (const [which, key] of calls) expect(contactKeyHash(secrets[which], key)).toBe(expected(secrets[which], key));
			}),
		);
		// RFC 4231 test case 2's key and data, truncated to 16 bytes.
		const jefe = Buffer.from('Jefe').toString('base64url');
		expect(Buffer.from(contactKeyHash(jefe, 'what do ya want for nothing?'), 'base64url').toString('hex')).toBe('5bdcc146bf60754e6a042426089575c7');
	});
});
