import type { Sandbox } from '../../sandbox';
import { PrivacyAudit } from '../../sandbox/audit';
import { getPopulation } from '../../sandbox/population';
import { googleHashedMember, hashedRow, sha256Hex } from '../../sandbox/testing';
import { useSandbox } from '../helpers/sandbox';
import { createAudience, graph } from './graph';

const HASH = sha256Hex('jane@example.com');
const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('sandbox privacy audit', () => {
	it.each([
		['a hash', { schema: ['EMAIL'], data: [[HASH]] }, 0],
		['a blank cell', { schema: ['EMAIL', 'PHONE'], data: [[HASH, '']] }, 0],
		['an external id', { schema: ['EXTERN_ID', 'EMAIL'], data: [['crm-1', HASH]] }, 0],
		['a raw e-mail in a hashed cell', { schema: ['EMAIL'], data: [['jane@example.com']] }, 1],
		['upper-case hex', { schema: ['EMAIL'], data: [[HASH.toUpperCase()]] }, 1],
		['a raw first name', { schema: ['FN', 'LN'], data: [['jane', HASH]] }, 1],
		['a number in a hashed cell', { schema: ['PHONE'], data: [[14155550123]] }, 1],
		['an e-mail as external id', { schema: ['EXTERN_ID', 'EMAIL'], data: [['Jane@Example.com', HASH]] }, 1],
		['a legacy single-key schema', { schema: 'EMAIL_SHA256', data: ['jane@example.com', HASH] }, 1],
	])('Meta rows with %s', (_, payload, expected) => {
		const audit = new PrivacyAudit();
		audit.inspect('meta', 'POST', '/v26.0/1/users', body({ payload, access_token: 'x' }), 'application/json');
		expect(audit.report().violations).toBe(expected);
	});

	it('reads Meta’s form-encoded payload too', () => {
		const audit = new PrivacyAudit();
		const form = new URLSearchParams({ payload: JSON.stringify({ schema: ['EMAIL'], data: [['jane@example.com']] }) });
		audit.inspect('meta', 'POST', '/v26.0/1/users', Buffer.from(form.toString()), 'application/x-www-form-urlencoded');
		expect(audit.report().samples).toEqual([{ platform: 'meta', path: '/v26.0/1/users', field: 'EMAIL', problem: 'hashed field is not 64 lowercase hex', value: 'jane@example.com' }]);
	});

	it.each([
		['hashes', { emailAddress: HASH }, { address: { givenName: HASH, familyName: HASH, regionCode: 'US', postalCode: '94105' } }, 0],
		['a raw e-mail', { emailAddress: 'jane@example.com' }, { phoneNumber: HASH }, 1],
		['a raw phone and name', { phoneNumber: '+14155550123' }, { address: { givenName: 'Jane', familyName: HASH, regionCode: 'US', postalCode: '94105' } }, 2],
	])('Google members with %s', (_, first, second, expected) => {
		const audit = new PrivacyAudit();
		const members = [first, second].map((identifier) => ({ compositeData: { userData: { userIdentifiers: [identifier] } } }));
		audit.inspect('google', 'POST', '/v1/audienceMembers:ingest', body({ audienceMembers: members, encoding: 'HEX' }), 'application/json');
		expect(audit.report().violations).toBe(expected);
	});

	it('finds watched raw values anywhere, as given or trimmed and lowercased', () => {
		const audit = new PrivacyAudit();
		audit.watch(['  Zoë Ångström ', '+44 20 7946 0958', 'ab', 42]);
		audit.inspect('meta', 'POST', '/v26.0/1/users', body({ payload: { schema: ['EXTERN_ID'], data: [['zoë ångström'], ['+44 20 7946 0958'], ['crm-7']] } }), 'application/json');
		expect(audit.report().samples.map((s) => s.value)).toEqual(['zoë ångström', '+44 20 7946 0958']);
	});

	it('counts contacts off limits by their own hashed e-mail or phone, and Google members without granted consent, unless allowed', () => {
		const population = getPopulation(1, 10);
		const audit = new PrivacyAudit(population);
		audit.forbid([3, 4], 'excluded');
		audit.forbid([5], 'consent');
		const metaRows = (ids: number[], key: 'EMAIL' | 'PHONE') => ({ payload: { schema: [key], data: ids.map((id) => hashedRow(population.person(id)!, [key])) } });
		audit.inspect('meta', 'POST', '/v26.0/1/users', body(metaRows([1, 3, 5], 'EMAIL')), 'application/json');
		expect(audit.report()).toMatchObject({ consent: 1, excluded: 1 });
		// A remove may carry a contact without consent, never an excluded one.
		audit.inspect('meta', 'DELETE', '/v26.0/1/users', body(metaRows([3, 5], 'PHONE')), 'application/json');
		expect(audit.report()).toMatchObject({ consent: 1, excluded: 2 });
		const google = googleHashedMember(population.person(4)!, { identifiers: ['email'] });
		audit.inspect('google', 'POST', '/v1/audienceMembers:ingest', body({ audienceMembers: [google], encoding: 'HEX' }), 'application/json');
		audit.ingested('denied');
		audit.ingested('granted');
		expect(audit.report()).toMatchObject({ consent: 2, excluded: 3 });
		audit.allow('consent');
		expect(audit.report()).toMatchObject({ consent: 0, excluded: 3 });
		audit.permit([3, 4]);
		audit.clear();
		audit.inspect('meta', 'POST', '/v26.0/1/users', body(metaRows([3, 4, 5], 'EMAIL')), 'application/json');
		expect(audit.report()).toMatchObject({ consent: 0, excluded: 0, violations: 0 });
	});

	it('lets a permitted person arrive again', () => {
		const population = getPopulation(1, 10);
		const audit = new PrivacyAudit(population);
		audit.forbid([2], 'consent');
		audit.permit([2]);
		audit.inspect('meta', 'POST', '/v26.0/1/users', body({ payload: { schema: ['EMAIL'], data: [hashedRow(population.person(2)!, ['EMAIL'])] } }), 'application/json');
		expect(audit.report()).toMatchObject({ consent: 0 });
	});
});

describe('sandbox privacy audit, wired to the platforms', () => {
	let sandbox: Sandbox;
	// The audit is read by the test itself here.
	useSandbox({ populationSize: 100 }, (started) => (sandbox = started), { audit: false });

	it('reads every Meta upload, answered or not', async () => {
		const id = await createAudience(sandbox);
		const people = sandbox.population.people.slice(0, 3);
		sandbox.audit.forbid([people[1].id], 'excluded');
		sandbox.injectFault({ pathIncludes: '/users', status: 500 });
		const send = () => graph(sandbox, 'POST', `/${id}/users`, { json: { payload: { schema: ['EMAIL'], data: [...people.map((p) => hashedRow(p, ['EMAIL'])), [people[2].email]] } } });
		expect((await send()).status).toBe(500);
		expect((await send()).status).toBe(200);
		expect(sandbox.audit.report()).toMatchObject({ violations: 2, excluded: 2 });
		sandbox.reset();
		expect(sandbox.audit.report()).toMatchObject({ inspected: 0, violations: 0, excluded: 0 });
	});
});
