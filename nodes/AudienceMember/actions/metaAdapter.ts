import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { metaAudienceParameter, optionalMetaAdAccountParameter } from '../../shared/context';
import { buildMetaRow, META_SCHEMA_ORDER } from '../../shared/identifiers';
import { consentState } from '../../shared/members/consent';
import { readPath } from '../../shared/members/fields';
import type { MetaRowValues } from '../../shared/platforms/meta/members';
import {
	invalidSampleValues,
	META_MAX_BODY_BYTES,
	META_MAX_ROWS_PER_REQUEST,
	metaRowBytes,
	newMetaSessionId,
	sendMetaBatches,
} from '../../shared/platforms/meta/members';
import { MetaClient } from '../../shared/platforms/meta/transport';
import type { UploadAdapter, UploadOptions, UploadRow, UploadTarget } from './pipeline';
import {
	concurrencyFrom,
	groupTargets,
	invalidContact,
	isPerItemParameter,
	retryPolicyFrom,
} from './pipeline';

export function metaUploadAdapter(
	ctx: IExecuteFunctions,
	options: UploadOptions,
	operation: 'add' | 'remove' | 'replace',
): UploadAdapter<MetaRowValues> {
	const consentPolicy =
		operation === 'remove' ? 'all' : (ctx.getNodeParameter('consentPolicy', 0, 'granted') as string);
	const consentField =
		consentPolicy === 'granted' ? (ctx.getNodeParameter('consentField', 0, 'consent') as string).trim() : '';
	if (consentPolicy === 'granted' && !consentField) {
		throw new NodeOperationError(ctx.getNode(), 'Set the Consent Field', {
			description:
				'Name the input field that says whether each contact agreed to ad targeting, or choose "All Contacts" if consent was collected elsewhere.',
		});
	}
	const limitedDataUse = options.limitedDataUse ?? 'off';

	return {
		platform: 'meta',
		maxRowsPerRequest: META_MAX_ROWS_PER_REQUEST,
		maxBodyBytes: META_MAX_BODY_BYTES,
		replaceNotice:
			'The replace session stays open on Meta’s side; Meta closes it after 90 minutes with the batches it received.',

		targets(itemCount) {
			const targetOf = (i: number): UploadTarget => {
				const audienceId = metaAudienceParameter(ctx, i);
				return { key: audienceId, audienceId, accountId: optionalMetaAdAccountParameter(ctx, i), items: [] };
			};
			return groupTargets(itemCount, isPerItemParameter(ctx, 'audience') || isPerItemParameter(ctx, 'adAccount'), targetOf);
		},

		consentSkip(json) {
			if (consentPolicy !== 'granted') return undefined;
			const state = consentState(readPath(json, consentField));
			if (state === 'granted') return undefined;
			return {
				status: 'skipped',
				reason: 'no_consent',
				message:
					state === 'denied'
						? `Consent is denied in "${consentField}"; nothing was sent`
						: `No granted consent in "${consentField}"; nothing was sent`,
			};
		},

		prepare(_json, contact) {
			const row = buildMetaRow(contact, { defaultCountry: options.defaultCountry });
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
				row: {
					key: META_SCHEMA_ORDER.map((key) => row.values[key] ?? '').join('\u0001'),
					wire: row.values,
					identifiersSent: META_SCHEMA_ORDER.filter((key) => row.values[key] !== undefined),
					rejections: row.rejections,
				},
			};
		},

		rowBytes: (row) => metaRowBytes(row.prepared.wire),

		async send(target, batches, op) {
			const client = await MetaClient.create(ctx, retryPolicyFrom(options));
			const sessionId = newMetaSessionId();
			const metaOutcomes = await sendMetaBatches<UploadRow<MetaRowValues>>(client, {
				operation: op,
				audienceId: target.audienceId,
				adAccountId: target.accountId,
				batches,
				values: (row) => row.prepared.wire,
				limitedDataUse,
				concurrency: concurrencyFrom(options),
				sessionId,
			});
			const samples: Record<string, string> = {};
			let numReceived = 0;
			let numInvalid = 0;
			const outcomes = metaOutcomes.map((outcome) => {
				if (!outcome.ok) return outcome;
				const response = outcome.response;
				numReceived = Math.max(numReceived, response.num_received ?? 0);
				numInvalid += response.num_invalid_entries ?? 0;
				const raw = response.invalid_entry_samples;
				if (raw && !Array.isArray(raw)) {
					for (const [value, why] of Object.entries(raw)) {
						if (Object.keys(samples).length < 100) samples[value] = why;
					}
				}
				const rejectedValues = new Set(invalidSampleValues(raw));
				const rejectedKeys = new Set(
					outcome.rows
						.filter((row) => Object.values(row.prepared.wire).some((value) => rejectedValues.has(value)))
						.map((row) => row.prepared.key),
				);
				return { batchNumber: outcome.batchNumber, rows: outcome.rows, sent: true as const, ok: true as const, rejectedKeys };
			});
			return {
				outcomes,
				platformSummary: {
					num_received: numReceived,
					num_invalid_entries: numInvalid,
					invalid_entry_samples: samples,
					session_id: String(sessionId),
					limitedDataUse,
				},
			};
		},
	};
}
