import type { IDataObject } from 'n8n-workflow';

import type { AudienceLifecycleStatus, AudienceStatus } from '../types';

/**
 * Meta publishes no minimum size for delivery: delivery_status 300 says "too small", third-party
 * figures say 100 or 1,000 matched people, and Ads Manager shows smaller sizes as "Below 1000".
 * 1,000 is the default of the Minimum Audience Size setting, compared with the approximate count's
 * lower bound.
 */
export const META_MIN_AUDIENCE_SIZE = 1000;

export const META_STATUS_FIELDS = [
	'id',
	'account_id',
	'name',
	'description',
	'subtype',
	'customer_file_source',
	'approximate_count_lower_bound',
	'approximate_count_upper_bound',
	'delivery_status',
	'operation_status',
	'data_source',
	'retention_days',
	'time_created',
	'time_updated',
	'time_content_updated',
	'is_value_based',
	'sharing_status',
] as const;

interface CodeText {
	code?: number;
	description?: string;
}

export interface MetaUploadSession {
	session_id?: string | number;
	num_received?: number;
	num_matched?: number;
	num_invalid_entries?: number;
	stage?: string;
	start_time?: number;
	end_time?: number;
}

function count(value: unknown): number | null {
	return typeof value === 'number' && value >= 0 ? value : null;
}

/** Matched ÷ received of an upload session, in percent with one decimal; null before Meta counts. */
function sessionMatchPercent(session: MetaUploadSession): number | null {
	const received = count(session.num_received);
	const matched = count(session.num_matched);
	if (!received || matched === null) return null;
	return Math.round((Math.min(matched, received) / received) * 1000) / 10;
}

/** operation_status codes: Meta Custom Audience reference ("operation_status"). */
function lifecycleFrom(delivery: CodeText, operation: CodeText): AudienceLifecycleStatus {
	const op = operation.code;
	if (op === 471) return 'flagged';
	if (op === 414) return 'updating';
	if (op === 415 || op === 442 || op === 500 || op === 470) return 'error';
	if (op === 100) return 'expiring';
	if (op === 441) return 'processing';
	if (op === 410) return 'empty';
	const del = delivery.code;
	if (del === 200) return 'ready';
	if (del === 300) return 'too_small';
	if (del !== undefined && del >= 400) return 'unusable';
	return 'processing';
}

/**
 * operation_status 414 is a replace in progress and 415 a failed one (Custom Audience reference);
 * a session in stage `timeout` is a replace that never got its last batch within 90 minutes, which
 * Meta ends with what was uploaded (error 1870158 to later batches).
 */
function replaceFrom(operation: CodeText, latestSession?: MetaUploadSession): AudienceStatus['replace'] {
	const sessionId = latestSession?.session_id === undefined ? null : String(latestSession.session_id);
	if (operation.code === 414) return { state: 'in_progress', sessionId };
	if (operation.code === 415) return { state: 'failed', sessionId };
	if (latestSession?.stage === 'timeout') return { state: 'timed_out', sessionId };
	return null;
}

/**
 * Meta's own "too small" (delivery_status 300) wins whatever the minimum; otherwise the lower bound
 * of the approximate count is compared with it (Meta rounds that bound down, so a size reported as
 * 990–1089 does not reach 1,000). Without a lower bound, only an upper bound under the minimum
 * settles it.
 */
function meetsMetaMinimum(
	deliveryCode: number | undefined,
	size: AudienceStatus['size'],
	minimumSize: number,
): boolean | null {
	if (deliveryCode === 300) return false;
	if (size.lowerBound !== null) return size.lowerBound >= minimumSize;
	if (size.upperBound !== null && size.upperBound < minimumSize) return false;
	return null;
}

function isoFromUnix(value: unknown): string | null {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
	if (!Number.isFinite(seconds) || seconds <= 0) return null;
	return new Date(seconds * 1000).toISOString();
}

export function metaAudienceStatus(
	audience: Record<string, unknown>,
	latestSession?: MetaUploadSession,
	minimumSize = META_MIN_AUDIENCE_SIZE,
): AudienceStatus {
	const delivery = (audience.delivery_status ?? {}) as CodeText;
	const operation = (audience.operation_status ?? {}) as CodeText;
	const lower = count(audience.approximate_count_lower_bound);
	const upper = count(audience.approximate_count_upper_bound);
	const lifecycleStatus = lifecycleFrom(delivery, operation);
	const meetsMinimumSize = meetsMetaMinimum(delivery.code, { lowerBound: lower, upperBound: upper }, minimumSize);

	let matchRate: AudienceStatus['matchRate'] = null;
	const percent = latestSession ? sessionMatchPercent(latestSession) : null;
	if (percent !== null) {
		matchRate = {
			lowerPercent: percent,
			upperPercent: percent,
			source: 'latest upload session: matched ÷ received (Meta, lags up to 24 h)',
		};
	}

	const primary = operation.code !== undefined && operation.code !== 200 ? operation : delivery;
	const primaryKind = primary === operation ? 'operation_status' : 'delivery_status';
	return {
		platform: 'meta',
		audienceId: String(audience.id ?? ''),
		name: String(audience.name ?? ''),
		lifecycleStatus,
		platformStatus: {
			code: `${primaryKind}:${primary.code ?? 'unknown'}`,
			text: primary.description ?? '',
		},
		platformStatusDetails: [
			{ kind: 'delivery_status', code: String(delivery.code ?? ''), text: delivery.description ?? '' },
			{ kind: 'operation_status', code: String(operation.code ?? ''), text: operation.description ?? '' },
		],
		size: { lowerBound: lower, upperBound: upper },
		deliverable: delivery.code === 200 && lifecycleStatus !== 'flagged',
		minimumSize,
		meetsMinimumSize,
		matchRate,
		lastUpdatedAt: isoFromUnix(audience.time_content_updated) ?? isoFromUnix(audience.time_updated),
		replace: replaceFrom(operation, latestSession),
		raw: { ...audience, ...(latestSession ? { latest_session: latestSession } : {}) },
	};
}

/** One Meta upload session as Get Upload Status reports it. */
export function metaUploadSessionReport(audienceId: string, session: MetaUploadSession): IDataObject {
	return {
		platform: 'meta',
		audienceId,
		sessionId: session.session_id === undefined ? null : String(session.session_id),
		stage: session.stage ?? null,
		startedAt: isoFromUnix(session.start_time),
		endedAt: isoFromUnix(session.end_time),
		received: count(session.num_received),
		matched: count(session.num_matched),
		invalidEntries: count(session.num_invalid_entries),
		matchRatePercent: sessionMatchPercent(session),
	};
}
