/**
 * The vocabulary of the member upload pipeline (prepare → plan → send → report), shared by every
 * platform. A platform supplies a MemberUploader; the pipeline does everything else the same way.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ContactIdentifiers, FieldRejection } from '../identifiers';
import type { AudiencePlatformName, PlatformFailure } from '../platforms/types';
import type { BatchLimits } from './batching';

export type MemberOperation = 'add' | 'remove' | 'replace';

export type ContactStatus =
	| 'added'
	| 'removed'
	| 'unchanged'
	| 'skipped'
	| 'invalid'
	| 'failed'
	| 'would_add'
	| 'would_remove';

/** What happened to one contact (one input item). */
export interface ContactResult {
	status: ContactStatus;
	reason?: string;
	message?: string;
	identifiersSent?: string[];
	rejectedFields?: FieldRejection[];
	batch?: number;
	/** The platform's id of the request that carried the contact (Google's requestId). */
	requestId?: string;
	/** First input item with the same identity; the platform gets the contact once. */
	sameAsItem?: number;
	/** Dry run: what would go over the wire for this contact (hashed). */
	wireValues?: IDataObject;
}

/** The Audience Member options collection. */
export interface UploadOptions {
	defaultCountry?: string;
	limitedDataUse?: 'off' | 'geolocate' | 'california';
	defaultConsent?: 'unspecified' | 'granted' | 'denied';
	batchSize?: number;
	parallelRequests?: number;
	summaryOnly?: boolean;
	dryRun?: boolean;
	includeInputData?: boolean;
	maxRetries?: number;
	maxWaitSeconds?: number;
}

/** One contact record entering the pipeline: an input item, or later a row streamed from a file. */
export interface ContactRecord {
	/** Position in the input; results and paired items refer to it. */
	index: number;
	json: Record<string, unknown>;
	/** A row of a CSV file: the input item that holds the file, and the row's line in it. */
	item?: number;
	line?: number;
}

/**
 * A contact ready to send. `identity` says who the contact is (the hashed identifiers): two records
 * with the same identity are one contact, whatever their consent. `wire` is what the platform gets.
 */
export interface PreparedContact<W> {
	identity: string;
	wire: W;
	identifiersSent: string[];
	rejections: FieldRejection[];
}

/** A distinct contact and the input records that carry it (the first one's wire form is sent). */
export interface UploadRow<W> {
	prepared: PreparedContact<W>;
	items: number[];
	/** Input items: the key later items carrying the same contact are found by. */
	key?: string;
	/** Sync additions: the contact keys (keyed hashes) the row adds to the state. */
	keys?: string[];
}

export interface UploadTarget {
	/** Distinguishes targets when the audience comes from an expression per item. */
	key: string;
	audienceId: string;
	accountId?: string;
	items: number[];
}

/** What became of one batch: accepted, refused by the platform, or never sent. */
export type BatchOutcome<R> =
	| {
			batchNumber: number;
			rows: R[];
			rowCount: number;
			sent: true;
			ok: true;
			requestId?: string;
			/** Identities of rows the platform listed as invalid. */
			rejectedIdentities?: ReadonlySet<string>;
	  }
	| { batchNumber: number; rows: R[]; rowCount: number; sent: true; ok: false; failure: PlatformFailure }
	| { batchNumber: number; rows: R[]; rowCount: number; sent: false; ok: false; skippedBecause: string };

export interface SendResult<W> {
	outcomes: Array<BatchOutcome<UploadRow<W>>>;
	/** Platform figures for the summary. */
	platformSummary: IDataObject;
	/** A failure after the batches (Google's removeAll of a replace). */
	finalFailure?: PlatformFailure;
}

/** Consent of a contact as the platform sends it, or the result of a contact that may not be sent. */
export type ConsentDecision<C> = { send: true; consent: C } | { send: false; result: ContactResult };

export type Prepared<W> = { ok: true; contact: PreparedContact<W> } | { ok: false; result: ContactResult };

/** A streamed send: the rows expected, and where each batch's outcome goes as it is known. */
export interface BatchStream<W> {
	/** An estimate, for the platforms that want the total up front (Meta's sessions). */
	estimatedRows: number;
	/** Each batch's outcome as it is known (then the outcomes returned keep no rows). */
	settled?(outcome: BatchOutcome<UploadRow<W>>): void;
}

/** What a platform brings to the pipeline. */
export interface MemberUploader<W, C = unknown> {
	platform: AudiencePlatformName;
	limits: BatchLimits;
	/** Whether accepted batches carry a request id worth a column in the results (Google). */
	requestIds: boolean;
	/** Parameters that, set by an expression, make the target differ per item. */
	targetParameters: string[];
	/** The audience (and account) item `itemIndex` goes to. */
	target(itemIndex: number): Omit<UploadTarget, 'items'>;
	/** Add and Replace All only (Remove needs no consent): may the contact be sent, with what consent. */
	consent(json: Record<string, unknown>): ConsentDecision<C>;
	/** The contact's wire form; `consent` is undefined for Remove. */
	prepare(contact: ContactIdentifiers, consent: C | undefined): Prepared<W>;
	/** Sync: the contact as it was sent, from the identity the state kept (for its removal). */
	fromIdentity(identity: string): PreparedContact<W>;
	/** Upper estimate of a row's share of a request body. */
	rowBytes(row: UploadRow<W>): number;
	/** Sends the batches (a list, or a stream read as it goes: see BatchStream). */
	send(
		target: UploadTarget,
		batches: Array<Array<UploadRow<W>>> | AsyncIterable<Array<UploadRow<W>>>,
		operation: MemberOperation,
		runStartedAt: Date,
		stream?: BatchStream<W>,
	): Promise<SendResult<W>>;
	/** Said when a Replace All stops half-way: what the audience holds now. */
	replaceNotice: string;
}
