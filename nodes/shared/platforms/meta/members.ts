import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { consentState } from '../../members/consent';
import { readPath } from '../../members/fields';
import { concurrencyFrom, retryPolicyFrom } from '../../members/options';
import { resolveDefaultCountry } from '../../identifiers/countryIndex';
import { invalidContact } from '../../members/prepare';
import { sendBatches } from '../../members/send';
import type { MemberUploader, UploadOptions, UploadRow } from '../../members/types';
import { buildMetaRow, META_SCHEMA_ORDER } from './identifiers';
import { metaAudienceParameter, optionalMetaAdAccountParameter } from './parameters';
import type { MetaRowValues, MetaUsersResponse } from './payload';
import {
	invalidSampleValues,
	META_MAX_BODY_BYTES,
	META_MAX_ROWS_PER_REQUEST,
	metaPayload,
	metaRowBytes,
	newMetaSessionId,
} from './payload';
import { MetaClient } from './transport';

type Row = UploadRow<MetaRowValues>;

/** Who the contact is: its values in schema order, empty for absent keys, without trailing empties. */
function metaIdentity(values: MetaRowValues): string {
	let identity = '';
	// The value of key i follows i separators.
	let separators = 0;
	for (let i = 0; i < META_SCHEMA_ORDER.length; i++) {
		const value = values[META_SCHEMA_ORDER[i]];
		if (value === undefined || value === '') continue;
		for (; separators < i; separators++) identity += '\u0001';
		identity += value;
	}
	return identity;
}

/** The Consent Field, read once and only for Add and Replace All. */
function consentFieldOf(ctx: IExecuteFunctions): string | undefined {
	if ((ctx.getNodeParameter('consentPolicy', 0, 'granted') as string) !== 'granted') return undefined;
	const field = (ctx.getNodeParameter('consentField', 0, 'consent') as string).trim();
	if (!field) {
		throw new NodeOperationError(ctx.getNode(), 'Set the Consent Field', {
			description:
				'Name the input field that says whether each contact agreed to ad targeting, or choose "All Contacts" if consent was collected elsewhere.',
		});
	}
	return field;
}

/**
 * Meta's member upload: each contact is one row of hashed schema columns; the batches of a run
 * form one upload session on /users (Add), DELETE /users (Remove) or /usersreplace (Replace All).
 */
export function metaMembers(ctx: IExecuteFunctions, options: UploadOptions): MemberUploader<MetaRowValues, null> {
	const limitedDataUse = options.limitedDataUse ?? 'off';
	// Resolved once per run: the setting is the same for every contact.
	const defaultCountry = resolveDefaultCountry(options.defaultCountry);
	let consentField: string | undefined | null = null;

	return {
		platform: 'meta',
		limits: { maxRows: META_MAX_ROWS_PER_REQUEST, maxBytes: META_MAX_BODY_BYTES },
		requestIds: false,
		targetParameters: ['audience', 'adAccount'],
		replaceNotice:
			'The replace session stays open on Meta’s side; Meta closes it after 90 minutes with the batches it received.',

		target(i) {
			const audienceId = metaAudienceParameter(ctx, i);
			return { key: audienceId, audienceId, accountId: optionalMetaAdAccountParameter(ctx, i) };
		},

		consent(json) {
			if (consentField === null) consentField = consentFieldOf(ctx);
			if (consentField === undefined) return { send: true, consent: null };
			const state = consentState(readPath(json, consentField));
			if (state === 'granted') return { send: true, consent: null };
			return {
				send: false,
				result: {
					status: 'skipped',
					reason: 'no_consent',
					message:
						state === 'denied'
							? `Consent is denied in "${consentField}"; nothing was sent`
							: `No granted consent in "${consentField}"; nothing was sent`,
				},
			};
		},

		prepare(contact) {
			const row = buildMetaRow(contact, { defaultCountry });
			if (!row.matchable) {
				return {
					ok: false,
					result: invalidContact(
						row.rejections,
						'an e-mail, phone, mobile advertiser ID or external ID, or first name + last name + postal code, city or birth year',
					),
				};
			}
			return {
				ok: true,
				contact: {
					identity: metaIdentity(row.values),
					wire: row.values,
					identifiersSent: META_SCHEMA_ORDER.filter((key) => row.values[key] !== undefined),
					rejections: row.rejections,
				},
			};
		},

		fromIdentity(identity) {
			const parts = identity.split('\u0001');
			const wire: MetaRowValues = {};
			META_SCHEMA_ORDER.forEach((key, i) => {
				if (parts[i]) wire[key] = parts[i];
			});
			return { identity, wire, identifiersSent: META_SCHEMA_ORDER.filter((key) => wire[key] !== undefined), rejections: [] };
		},

		rowBytes: (row) => metaRowBytes(row.prepared.wire),

		async send(target, batches, operation, _runStartedAt, stream) {
			const client = await MetaClient.create(ctx, retryPolicyFrom(options));
			const sessionId = newMetaSessionId();
			const total = Array.isArray(batches) ? batches.reduce((sum, batch) => sum + batch.length, 0) : (stream?.estimatedRows ?? 0);
			const samples: Record<string, string> = {};
			let numReceived = 0;
			let numInvalid = 0;
			const outcomes = await sendBatches<Row, { body: MetaUsersResponse }>({
				batches,
				order: 'session',
				concurrency: operation === 'replace' ? 1 : concurrencyFrom(options),
				settled: stream?.settled,
				send: async (rows, batchNumber, last) =>
					await client.send<MetaUsersResponse>({
						method: operation === 'remove' ? 'DELETE' : 'POST',
						path: `/${target.audienceId}/${operation === 'replace' ? 'usersreplace' : 'users'}`,
						body: {
							payload: { ...metaPayload(rows.map((row) => row.prepared.wire), limitedDataUse), is_raw: true },
							session: {
								session_id: sessionId,
								batch_seq: batchNumber,
								last_batch_flag: last,
								estimated_num_total: total,
							},
						},
						context: { audienceId: target.audienceId, adAccountId: target.accountId },
					}),
				accepted({ body }, rows) {
					numReceived = Math.max(numReceived, body.num_received ?? 0);
					numInvalid += body.num_invalid_entries ?? 0;
					const raw = body.invalid_entry_samples;
					if (raw && !Array.isArray(raw)) {
						for (const [value, why] of Object.entries(raw)) {
							if (Object.keys(samples).length < 100) samples[value] = why;
						}
					}
					const rejected = new Set(invalidSampleValues(raw));
					if (rejected.size === 0) return {};
					const rejectedIdentities = new Set(
						rows
							.filter((row) => Object.values(row.prepared.wire).some((value) => rejected.has(value)))
							.map((row) => row.prepared.identity),
					);
					return { rejectedIdentities };
				},
			});
			const platformSummary: IDataObject = {
				num_received: numReceived,
				num_invalid_entries: numInvalid,
				invalid_entry_samples: samples,
				session_id: String(sessionId),
				limitedDataUse,
			};
			return { outcomes, platformSummary };
		},
	};
}
