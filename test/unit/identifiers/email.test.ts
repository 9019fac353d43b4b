import { normalizeEmail, sha256Hex } from '../../../nodes/shared/identifiers';

describe('normalizeEmail', () => {
	it.each([
		['mary@example.com', 'mary@example.com'],
		['  Mary@Example.COM  ', 'mary@example.com'],
		['\tJOHN.SMITH@EXAMPLE.CO.UK\n', 'john.smith@example.co.uk'],
		// Meta keeps Gmail dots and plus tags (that stripping is Google-only)
		['Jane.Doe+News@Gmail.com', 'jane.doe+news@gmail.com'],
		['j.a.n.e@googlemail.com', 'j.a.n.e@googlemail.com'],
		["o'connor@example.ie", "o'connor@example.ie"],
		['user_name-1@sub.domain-x.example.org', 'user_name-1@sub.domain-x.example.org'],
		['mailto:Mary@Example.com', 'mary@example.com'],
		['MAILTO: mary@example.com', 'mary@example.com'],
		['jürgen@müller.de', 'jürgen@müller.de'],
		['ÉLODIE@EXAMPLE.FR', 'élodie@example.fr'],
		['user@xn--mller-kva.de', 'user@xn--mller-kva.de'],
		['user@example.xn--p1ai', 'user@example.xn--p1ai'],
		['a@b.co', 'a@b.co'],
		['1234@123.example.com', '1234@123.example.com'],
	])('%j → %j', (input, expected) => {
		expect(normalizeEmail(input)).toEqual({ ok: true, value: expected, prehashed: false });
	});

	it('reproduces Meta’s worked example hash', () => {
		const result = normalizeEmail(' Mary@Example.com ');
		expect(result.ok && sha256Hex(result.value)).toBe(
			'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79',
		);
	});

	it.each([
		['mary.example.com', 'no @'],
		['mary@@example.com', 'two @'],
		['mary@ex@ample.com', 'two @ apart'],
		['@example.com', 'empty local part'],
		['mary@', 'empty domain'],
		['mary@localhost', 'domain without a dot'],
		['mary@example', 'domain without a dot'],
		['mary@example.c', 'one-letter TLD'],
		['mary@example.123', 'numeric TLD'],
		['mary@.example.com', 'empty first label'],
		['mary@example..com', 'empty middle label'],
		['mary@example.com.', 'trailing dot'],
		['mary@-example.com', 'label starting with a hyphen'],
		['mary@example-.com', 'label ending with a hyphen'],
		['mary@exa_mple.com', 'underscore in domain'],
		['mary smith@example.com', 'space in local part'],
		['mary@exam ple.com', 'space in domain'],
		['mary\u00a0@example.com', 'no-break space'],
		['Mary <mary@example.com>', 'display-name form'],
		['mary@example.com, john@example.com', 'list of addresses'],
		['mary;x@example.com', 'semicolon in local part'],
		['"mary"@example.com', 'quoted local part'],
		['mary\u0000@example.com', 'control character'],
		['   ', 'blank'],
		['mailto:', 'mailto only'],
		['a'.repeat(65) + '@example.com', 'local part over 64'],
		['a@' + ('b'.repeat(60) + '.').repeat(5) + 'com', 'address over 254'],
		['d41d8cd98f00b204e9800998ecf8427e', 'MD5 digest'],
	])('%j is rejected (%s)', (input) => {
		const result = normalizeEmail(input);
		expect(result).toMatchObject({ ok: false, reason: 'invalid_email' });
		expect(!result.ok && result.detail.length).toBeGreaterThan(0);
	});

	it.each([
		['F1904CF1A9D73A55FA5DE0AC823C4403DED71AFD4C3248D00BDCD0866552BB79'],
		['  f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79 '],
		['F1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bB79'],
	])('accepts an already hashed value %j, lowercased', (input) => {
		expect(normalizeEmail(input)).toEqual({
			ok: true,
			value: 'f1904cf1a9d73a55fa5de0ac823c4403ded71afd4c3248d00bdcd0866552bb79',
			prehashed: true,
		});
	});

	it('never echoes the raw value in the detail', () => {
		const raw = 'secret person <secret.person@example.com>';
		const result = normalizeEmail(raw);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.detail).not.toContain('secret');
	});
});
