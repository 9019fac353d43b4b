import type { IDataObject } from 'n8n-workflow';

import type { GoogleUserIdentifier } from '../../identifiers';
import type { ConsentState } from '../../members/consent';
import { mapWithConcurrency } from '../../members/batching';
import type { PlatformFailure } from '../types';
import type { GoogleClient } from './transport';

/** Data Manager limits: 10,000 audience members per ingest or remove request. */
export const GOOGLE_MAX_MEMBERS_PER_REQUEST = 10_000;
/** No body limit is published; 10 MB keeps a full batch in one request with room to spare. */
export const GOOGLE_MAX_BODY_BYTES = 10 * 1024 * 1024;

export type GoogleConsentStatus = 'CONSENT_GRANTED' | 'CONSENT_DENIED' | 'CONSENT_STATUS_UNSPECIFIED';

export interface GoogleMember {
	compositeData: { userData: { userIdentifiers: GoogleUserIdentifier[] } };
	consent?: { adUserData: GoogleConsentStatus; adPersonalization: GoogleConsentStatus };
}

export interface GoogleDestination {
	operatingAccount: { accountType: 'GOOGLE_ADS'; accountId: string };
	loginAccount?: IDataObject;
	productDestinationId: string;
}

const CONSENT_STATUS: Record<ConsentState, GoogleConsentStatus> = {
	granted: 'CONSENT_GRANTED',
	denied: 'CONSENT_DENIED',
	unspecified: 'CONSENT_STATUS_UNSPECIFIED',
};

export function googleConsent(
	adUserData: ConsentState,
	adPersonalization: ConsentState,
): { adUserData: GoogleConsentStatus; adPersonalization: GoogleConsentStatus } {
	return { adUserData: CONSENT_STATUS[adUserData], adPersonalization: CONSENT_STATUS[adPersonalization] };
}

export type GoogleBatchOutcome<R> =
	| { batchNumber: number; rows: R[]; sent: true; ok: true; requestId?: string }
	| { batchNumber: number; rows: R[]; sent: true; ok: false; failure: PlatformFailure }
	| { batchNumber: number; rows: R[]; sent: false; ok: false; skippedBecause: string };

export interface SendGoogleBatchesOptions<R> {
	operation: 'add' | 'remove' | 'replace';
	destination: GoogleDestination;
	batches: R[][];
	member: (row: R) => GoogleMember;
	/** Request-level consent: the default for members without their own. */
	requestConsent?: { adUserData: GoogleConsentStatus; adPersonalization: GoogleConsentStatus };
	concurrency: number;
	runStartedAt: Date;
}

export interface SendGoogleBatchesResult<R> {
	outcomes: Array<GoogleBatchOutcome<R>>;
	removeAll?: IDataObject;
	removeAllFailure?: PlatformFailure;
}

/**
 * The moment the run started on Google's clock, conservatively: the earlier of the local start
 * and the start derived from Google's Date header, so a local clock running ahead of Google's can
 * never remove a member this run has just re-added.
 */
export function removeAsOfTime(runStartedAt: Date, serverDate: string | undefined, elapsedMs: number): Date {
	const server = serverDate ? Date.parse(serverDate) : NaN;
	const serverStart = Number.isFinite(server) ? server - elapsedMs - 1000 : Infinity;
	return new Date(Math.min(runStartedAt.getTime(), serverStart));
}

/**
 * Add: audienceMembers:ingest per batch (with the Customer Match terms and HEX encoding);
 * Remove: audienceMembers:remove; Replace All: ingest every batch, then, only when all of them
 * were accepted, audienceMembers:removeAll with removeAsOfTime = the start of the run, which drops
 * everyone not re-added by this run. After a failed batch no further batch is sent.
 */
export async function sendGoogleBatches<R>(
	client: GoogleClient,
	options: SendGoogleBatchesOptions<R>,
): Promise<SendGoogleBatchesResult<R>> {
	const { batches, destination } = options;
	const outcomes: Array<GoogleBatchOutcome<R>> = new Array(batches.length);
	let stopReason: string | undefined;
	let firstServerDate: string | undefined;
	let firstResponseElapsed = 0;
	const context = { accountId: destination.operatingAccount.accountId, audienceId: destination.productDestinationId };

	await mapWithConcurrency(batches, Math.max(1, options.concurrency), async (rows, index) => {
		const batchNumber = index + 1;
		if (stopReason) {
			outcomes[index] = { batchNumber, rows, sent: false, ok: false, skippedBecause: stopReason };
			return;
		}
		const remove = options.operation === 'remove';
		const body: IDataObject = {
			destinations: [destination],
			audienceMembers: rows.map(options.member) as unknown as IDataObject[],
			encoding: 'HEX',
		};
		if (!remove) {
			body.termsOfService = { customerMatchTermsOfServiceStatus: 'ACCEPTED' };
			if (options.requestConsent) body.consent = options.requestConsent;
		}
		const result = await client.send<{ requestId?: string }>({
			method: 'POST',
			path: remove ? '/v1/audienceMembers:remove' : '/v1/audienceMembers:ingest',
			body,
			context,
		});
		if (result.ok) {
			if (firstServerDate === undefined && typeof result.value.headers.date === 'string') {
				firstServerDate = result.value.headers.date;
				firstResponseElapsed = Date.now() - options.runStartedAt.getTime();
			}
			outcomes[index] = { batchNumber, rows, sent: true, ok: true, requestId: result.value.body.requestId };
		} else {
			outcomes[index] = { batchNumber, rows, sent: true, ok: false, failure: result.failure };
			stopReason = `batch ${batchNumber} failed: ${result.failure.described.message}`;
		}
	});

	if (options.operation !== 'replace' || outcomes.some((outcome) => !outcome.ok)) return { outcomes };

	const asOf = removeAsOfTime(options.runStartedAt, firstServerDate, firstResponseElapsed);
	const removal = await client.send<{ requestId?: string }>({
		method: 'POST',
		path: '/v1/audienceMembers:removeAll',
		body: { destinations: [destination] as unknown as IDataObject[], removeAsOfTime: asOf.toISOString() },
		context,
	});
	if (!removal.ok) return { outcomes, removeAllFailure: removal.failure };
	return {
		outcomes,
		removeAll: { requestId: removal.value.body.requestId ?? null, removeAsOfTime: asOf.toISOString() },
	};
}
