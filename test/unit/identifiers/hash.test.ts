import { createHash } from 'node:crypto';

import { isSha256Hex, sha256Hex } from '../../../nodes/shared/identifiers';

describe('sha256Hex', () => {
	it.each([
		// Meta's worked examples (Customer File Custom Audiences guide, "Hashing")
		['mary@example.com', 'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79'],
		['15559876543', '1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e'],
		// FIPS 180-2 test vectors
		['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
		['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
	])('sha256Hex(%j) = %s', (input, expected) => {
		expect(sha256Hex(input)).toBe(expected);
	});

	it.each(['valéry', '정', 'Straße', '😀', 'Ωmega'])('hashes the UTF-8 bytes of %j', (input) => {
		expect(sha256Hex(input)).toBe(
			createHash('sha256').update(new TextEncoder().encode(input)).digest('hex'),
		);
	});

	it('distinguishes NFC and NFD forms (normalization is the caller’s job)', () => {
		expect(sha256Hex('valéry'.normalize('NFC'))).not.toBe(sha256Hex('valéry'.normalize('NFD')));
	});
});

describe('isSha256Hex', () => {
	const lower = 'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79';
	it.each([
		[lower, true],
		[lower.toUpperCase(), true],
		['F1904cf1A9D73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552BB79', true],
		['0'.repeat(64), true],
		[lower.slice(0, 63), false],
		[lower + 'a', false],
		['d41d8cd98f00b204e9800998ecf8427e', false], // MD5
		['da39a3ee5e6b4b0d3255bfef95601890afd80709', false], // SHA-1
		[lower.slice(0, 63) + 'g', false],
		[' ' + lower, false],
		[lower + ' ', false],
		['', false],
	])('isSha256Hex(%j) → %s', (input, expected) => {
		expect(isSha256Hex(input)).toBe(expected);
	});
});
