import type { IDataObject } from 'n8n-workflow';

import type { ConsentState } from '../../members/consent';
import { sendBatches } from '../../members/send';
import type { BatchOutcome, MemberOperation } from '../../members/types';
import type { PlatformFailure } from '../types';
import type { GoogleUserIdentifier } from './identifiers';
import type { GoogleClient, GoogleResponse } from './transport';

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

export interface SendGoogleBatchesOptions<R> {
	operation: MemberOperation;
	destination: GoogleDestination;
	batches: R[][] | AsyncIterable<R[]>;
	/** Streamed: each batch's outcome as soon as it is known (the outcomes returned keep no rows). */
	settled?: (outcome: BatchOutcome<R>) => void;
	member: (row: R) => GoogleMember;
	/** Request-level consent: the default for members without their own. */
	requestConsent?: { adUserData: GoogleConsentStatus; adPersonalization: GoogleConsentStatus };
	concurrency: number;
	runStartedAt: Date;
}

export interface SendGoogleBatchesResult<R> {
	outcomes: Array<BatchOutcome<R>>;
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
	const { destination } = options;
	const remove = options.operation === 'remove';
	let firstServerDate: string | undefined;
	let firstResponseElapsed = 0;
	const context = { accountId: destination.operatingAccount.accountId, audienceId: destination.productDestinationId };

	const outcomes = await sendBatches<R, GoogleResponse<{ requestId?: string }>>({
		batches: options.batches,
		settled: options.settled,
		order: 'parallel',
		concurrency: options.concurrency,
		send: async (rows) => {
			const body: IDataObject = {
				destinations: [destination],
				audienceMembers: rows.map(options.member) as unknown as IDataObject[],
				encoding: 'HEX',
			};
			if (!remove) {
				body.termsOfService = { customerMatchTermsOfServiceStatus: 'ACCEPTED' };
				if (options.requestConsent) body.consent = options.requestConsent;
			}
			return await client.send<{ requestId?: string }>({
				method: 'POST',
				path: remove ? '/v1/audienceMembers:remove' : '/v1/audienceMembers:ingest',
				body,
				context,
			});
		},
		accepted: (response) => {
			if (firstServerDate === undefined && typeof response.headers.date === 'string') {
				firstServerDate = response.headers.date;
				firstResponseElapsed = Date.now() - options.runStartedAt.getTime();
			}
			return { requestId: response.body.requestId };
		},
	});

	// removeAll only after every batch, at least one, was accepted: it must never empty a list by itself.
	if (options.operation !== 'replace' || outcomes.length === 0 || outcomes.some((outcome) => !outcome.ok)) return { outcomes };

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
