// @ts-check
'use strict';

/**
 * The benchmark's contacts, the same on every run: people of the sandbox population of seed 1 as
 * a CRM holds them (messy: case, spaces, national phone formats, ZIP+4, spaced postcodes), with
 * five identifiers (e-mail, phone, first and last name, country with postal code), consent and a
 * CRM key. One contact in 20 is dirty: its e-mail has no @ and its phone is too short, so only its
 * name and address can be used. Dev tool only.
 */
const { personContacts } = require('../../sandbox/population');

const SEED = 1;
/** The Audience Member (v2) fields these contacts are mapped with. */
const FIELD_PARAMETERS = {
	email: 'email',
	phone: 'phone',
	moreIdentifierFields: { firstName: 'first_name', lastName: 'last_name', country: 'country', zip: 'zip' },
};
const COLUMNS = ['crm_id', 'email', 'phone', 'first_name', 'last_name', 'country', 'zip', 'consent'];

/** @param {number} n */
const isDirty = (n) => n % 20 === 7;

/**
 * Contacts `from`…`from + count - 1`.
 * @param {number} from
 * @param {number} count
 * @returns {Array<Record<string, string>>}
 */
function benchContacts(from, count) {
	const raw = personContacts(SEED, from, count, true);
	return raw.map((c, i) => {
		const n = from + i;
		const dirty = isDirty(n);
		return {
			crm_id: `crm-${n}`,
			email: dirty ? c.email.replace('@', ' at ') : c.email,
			phone: dirty ? c.phone.slice(0, 5) : c.phone,
			first_name: c.first_name,
			last_name: c.last_name,
			country: c.country,
			zip: c.zip,
			consent: 'granted',
		};
	});
}

/**
 * The same contacts, `count` of them from `from`, in chunks of at most `size` (for a process that
 * must not hold them all).
 * @param {number} from
 * @param {number} count
 * @param {number} [size]
 */
function* benchContactChunks(from, count, size = 10_000) {
	for (let start = from; start < from + count; start += size) yield benchContacts(start, Math.min(size, from + count - start));
}

module.exports = { SEED, FIELD_PARAMETERS, COLUMNS, benchContacts, benchContactChunks, isDirty };
