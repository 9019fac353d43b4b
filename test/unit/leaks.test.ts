import { findPersonalData, findPersonalText, findSecrets, personalValuesOf, secretsOf } from '../../scripts/lib/leaks';

const PEM = `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----\n`;

/** Made-up credential values of the tests. */
const fake = (label: string, n: number) => `${label}-${n}`;

describe('leak scans of the suites', () => {
	const secrets = secretsOf([
		{ accessToken: fake('EAAB-meta-token', 123), appSecret: fake('app-secret', 456), adAccountId: 'act_1', baseUrl: 'http://127.0.0.1' },
		{ clientSecret: fake('client-secret', 789), oauthTokenData: 'x', privateKey: PEM, email: 'robot@project.iam.gserviceaccount.com' },
	]);

	it('takes the secret fields of credentials, and each line of a private key', () => {
		expect(secrets.map((s) => s.name)).toEqual(['accessToken', 'appSecret', 'clientSecret', 'privateKey', 'privateKey']);
	});

	it.each([
		['a clean message', 'Meta answered HTTP 500', []],
		['a token in a message', 'request failed: access_token=EAAB-meta-token-123', ['accessToken']],
		['an app secret in JSON', '{"appSecret":"app-secret-456"}', ['appSecret']],
		['a line of the private key', 'bad key MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu', ['privateKey']],
		['an issued access token', 'Authorization: Bearer ya29.sandbox-abcdefghijklmnop', ['issued access token']],
	])('finds secrets in %s', (_, text, expected) => {
		expect(findSecrets(text, secrets)).toEqual(expected);
	});

	it('finds raw personal values of the input and any e-mail in what was written', () => {
		const personal = personalValuesOf([{ email: ' Jane@Example.com ', phone: '+1 415 555 0123', first_name: 'Zoë', last_name: 'Ångström', crm_id: 'crm-12345' }]);
		expect(personal.has('jane@example.com')).toBe(true);
		expect(personal.has('Zoë')).toBe(false); // under 5 characters: too common to tell
		expect(personal.has('crm-12345')).toBe(false);
		const placeholders = personalValuesOf([{ email: 'unknown', phone: 'n/a 12', first_name: 'Unknown' }]);
		expect([...placeholders]).toEqual(['Unknown', 'unknown']); // a name is a name; the others are not data
		expect(findPersonalData({ status: 'added', identifiersSent: ['email'], contactKey: 'crm-12345' }, personal)).toEqual([]);
		expect(findPersonalData([{ message: 'invalid: jane@example.com' }, { last: 'ångström' }, { phone: '+1 415 555 0123' }], personal)).toEqual([
			'invalid: jane@example.com',
			'ångström',
			'+1 415 555 0123',
		]);
		expect(findPersonalData({ hash: 'a'.repeat(64), note: 'ops at example dot com' }, personal)).toEqual([]);
	});

	describe('in stored text (state rows, static data)', () => {
		const personal = personalValuesOf([{ email: 'Jane.Doe@Example.com', phone: '+1 (415) 555-0123', first_name: 'Marguerite' }]);
		it.each([
			['base64 and hashes only', '{"data":"H4sIAAAAAAAAA6tWKkktLlGyUlAqS8wpTtVRUEpLzSvJLEktVgIA","hash":"' + 'ab'.repeat(32) + '"}', []],
			['an e-mail inside a blob', 'k1=abc;m=jane.doe@example.com;', ['jane.doe@example.com']],
			['another e-mail address', '{"note":"ops@corp.example.org"}', ['ops@corp.example.org']],
			['the phone as written', 'x+1 (415) 555-0123y', ['+1 (415) 555-0123']],
			['the phone in digits', 'row:14155550123:end', ['+1 (415) 555-0123']],
			['the phone in E.164', '"p":"+14155550123"', ['+1 (415) 555-0123']],
			['a name (left out: base64 may hold one by chance)', 'Marguerite', []],
		])('%s', (_, text, expected) => {
			expect(findPersonalText(text, personal)).toEqual(expected);
		});
	});
});
