/**
 * A contact's identity is kept between runs (Sync's state, the durable store): how it is written
 * must not change. Meta's: the row's values in schema order joined by U+0001, absent keys empty,
 * no trailing empties; Google's: the identifiers' JSON as JSON.stringify writes it.
 */
import fc from 'fast-check';
import type { IExecuteFunctions } from 'n8n-workflow';

import { identifiersJson, googleMembers } from '../../../nodes/shared/platforms/google/members';
import type { GoogleUserIdentifier } from '../../../nodes/shared/platforms/google/identifiers';
import { META_SCHEMA_ORDER } from '../../../nodes/shared/platforms/meta/identifiers';
import { metaMembers } from '../../../nodes/shared/platforms/meta/members';
import type { ContactIdentifiers } from '../../../nodes/shared/identifiers';

const ctx = { getNodeParameter: (_name: string, _i: number, fallback: unknown) => fallback } as unknown as IExecuteFunctions;
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('Meta identity', () => {
	const meta = metaMembers(ctx, {});
	const contact = fc.record(
		{
			email: fc.constantFrom('ana@example.com', ' Bo@Example.org '),
			phone: fc.constantFrom('+1 415 555 0100', '07700 900123'),
			firstName: fc.constantFrom('Ana', 'Bo'),
			lastName: fc.constantFrom('Silva', 'Ng'),
			city: fc.constantFrom('Paris', 'São Paulo'),
			zip: fc.constantFrom('94107', 'SW1A 1AA'),
			country: fc.constantFrom('US', 'GB', 'FR'),
			gender: fc.constantFrom('f', 'male'),
			externalId: fc.constantFrom('crm-1', 'crm-2'),
		},
		{ requiredKeys: [] },
	);

	it('is the values in schema order, absent keys empty, without trailing empties', () => {
		fc.assert(
			fc.property(contact, (fields: ContactIdentifiers) => {
				const prepared = meta.prepare(fields, null);
				if (!prepared.ok) return;
				const { identity, wire } = prepared.contact;
				const ordered = META_SCHEMA_ORDER.map((key) => (wire as Record<string, string | undefined>)[key] ?? '');
				while (ordered.length > 0 && ordered[ordered.length - 1] === '') ordered.pop();
				expect(identity).toBe(ordered.join('\u0001'));
				expect(meta.fromIdentity(identity).wire).toEqual(wire);
			}),
			{ numRuns: 300 },
		);
	});
});

describe('Google identity', () => {
	const postalCode = fc.oneof(fc.constantFrom('94107', 'SW1A 1AA', '75008'), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }));
	const identifier: fc.Arbitrary<GoogleUserIdentifier> = fc.oneof(
		hex.map((emailAddress) => ({ emailAddress })),
		hex.map((phoneNumber) => ({ phoneNumber })),
		fc
			.record({ givenName: hex, familyName: hex, regionCode: fc.constantFrom('US', 'GB'), postalCode })
			.map((address) => ({ address })),
	);

	it('is written as JSON.stringify writes it, quotes, backslashes and control characters included', () => {
		fc.assert(
			fc.property(fc.array(identifier, { maxLength: 4 }), (identifiers) => {
				expect(identifiersJson(identifiers)).toBe(JSON.stringify(identifiers));
			}),
			{ numRuns: 1000 },
		);
		const odd = [{ address: { givenName: 'a', familyName: 'b', regionCode: 'US', postalCode: 'x"\\\u0001\ud800' } }];
		expect(identifiersJson(odd)).toBe(JSON.stringify(odd));
	});

	it('of a prepared contact: read back by fromIdentity to the same members', () => {
		const google = googleMembers(ctx, { defaultConsent: 'granted' });
		const prepared = google.prepare({ email: 'Ana@Example.com', phone: '+1 415 555 0100', firstName: 'Ana', lastName: 'Silva', country: 'US', zip: '94107' }, undefined);
		expect(prepared.ok).toBe(true);
		if (!prepared.ok) return;
		const { identity, wire } = prepared.contact;
		expect(identity).toBe(JSON.stringify(wire.compositeData.userData.userIdentifiers));
		expect(google.fromIdentity(identity).wire).toEqual({ compositeData: wire.compositeData });
	});
});
