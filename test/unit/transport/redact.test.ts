import { redactDeep, redactSecrets } from '../../../nodes/shared/transport/redact';

describe('redactSecrets', () => {
	const leakedSample = 'EAAB1234567890abcdefSECRET';

	it.each([
		['a known secret anywhere in text', `token ${leakedSample} leaked`, 'token [redacted] leaked'],
		[
			'access_token in a Graph URL',
			'https://graph.facebook.com/v26.0/123/users?access_token=XYZ123456789&limit=5',
			'https://graph.facebook.com/v26.0/123/users?access_token=[redacted]&limit=5',
		],
		['appsecret_proof in a query', 'x?appsecret_proof=abcdef0123&appsecret_time=1', 'x?appsecret_proof=[redacted]&appsecret_time=1'],
		['a bearer header', 'Authorization: Bearer abcdefghijklmnop', 'Authorization: Bearer [redacted]'],
		[
			'a PEM private key',
			'key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY----- end',
			'key: [redacted private key] end',
		],
		['a JSON access token field', '{"access_token":"abc","x":1}', '{"access_token":"[redacted]","x":1}'],
		['text without secrets', 'Meta says: invalid parameter', 'Meta says: invalid parameter'],
	])('removes %s', (_label, input, expected) => {
		expect(redactSecrets(input, [leakedSample])).toBe(expected);
	});

	it('removes a URL-encoded secret', () => {
		const secret = 'abc/def+ghi=';
		expect(redactSecrets(`q=${encodeURIComponent(secret)}`, [secret])).toBe('q=[redacted]');
	});

	it('ignores secrets too short to be meaningful', () => {
		expect(redactSecrets('a b c', ['a'])).toBe('a b c');
	});

	it('redacts every string of a nested object without changing the input', () => {
		const input = { error: { message: `bad ${leakedSample}`, nested: [`x ${leakedSample}`, 3] } };
		const output = redactDeep(input, [leakedSample]);
		expect(output).toEqual({ error: { message: 'bad [redacted]', nested: ['x [redacted]', 3] } });
		expect(input.error.message).toContain(leakedSample);
	});
});
