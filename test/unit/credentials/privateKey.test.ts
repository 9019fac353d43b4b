import { createPrivateKey, generateKeyPairSync } from 'crypto';

import { normalizePrivateKey } from '../../../credentials/GoogleDataManagerServiceAccountApi.credentials';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const der = privateKey.export({ type: 'pkcs8', format: 'der' });

describe('normalizePrivateKey: a service-account key however it was pasted', () => {
	const pastes: Array<[string, string]> = [
		['as exported (real newlines)', pem],
		['with \\n escapes, as in the JSON key file', pem.replace(/\n/g, '\\n')],
		['inside the JSON string quotes', JSON.stringify(pem)],
		['with its newlines dropped by a single-line field', pem.replace(/\n/g, '')],
		['with its newlines turned into spaces', pem.replace(/\n/g, ' ')],
		['with Windows line ends', pem.replace(/\n/g, '\r\n')],
		['with \\r\\n escapes', pem.replace(/\n/g, '\\r\\n')],
		['with surrounding white space', `\n  ${pem}  \n`],
	];

	it.each(pastes)('reads a key pasted %s', (_how, pasted) => {
		const key = createPrivateKey(normalizePrivateKey(pasted));
		expect(key.export({ type: 'pkcs8', format: 'der' }).equals(der)).toBe(true);
	});

	it('wraps the body at 64 characters between its BEGIN and END lines', () => {
		const lines = normalizePrivateKey(pem.replace(/\n/g, '')).trimEnd().split('\n');
		expect(lines[0]).toBe('-----BEGIN PRIVATE KEY-----');
		expect(lines.at(-1)).toBe('-----END PRIVATE KEY-----');
		expect(lines.slice(1, -2).every((line) => line.length === 64)).toBe(true);
	});

	it('leaves text that is no PEM block as it is (OpenSSL then says what is wrong)', () => {
		expect(normalizePrivateKey('  not a key ')).toBe('not a key');
	});
});
