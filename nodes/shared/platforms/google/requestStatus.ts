import type { IDataObject } from 'n8n-workflow';

import type { GoogleClient } from './transport';

/** Data Manager MatchRateRange buckets, as percent bounds. */
const MATCH_RATE_BOUNDS: Record<string, [number, number]> = {
	MATCH_RATE_RANGE_LESS_THAN_20: [0, 19],
	MATCH_RATE_RANGE_20_TO_30: [20, 30],
	MATCH_RATE_RANGE_31_TO_40: [31, 40],
	MATCH_RATE_RANGE_41_TO_50: [41, 50],
	MATCH_RATE_RANGE_51_TO_60: [51, 60],
	MATCH_RATE_RANGE_61_TO_70: [61, 70],
	MATCH_RATE_RANGE_71_TO_80: [71, 80],
	MATCH_RATE_RANGE_81_TO_90: [81, 90],
	MATCH_RATE_RANGE_91_TO_100: [91, 100],
};

export type GoogleRequestState = 'PROCESSING' | 'SUCCESS' | 'PARTIAL_SUCCESS' | 'FAILED' | 'REQUEST_STATUS_UNKNOWN';

const FINISHED = new Set(['SUCCESS', 'PARTIAL_SUCCESS', 'FAILED']);

function countsByReason(entries: unknown): Record<string, number> {
	const counts: Record<string, number> = {};
	if (!Array.isArray(entries)) return counts;
	for (const entry of entries as Array<{ reason?: string; recordCount?: string | number }>) {
		const reason = String(entry.reason ?? 'UNKNOWN')
			.replace(/^PROCESSING_ERROR_REASON_/, '')
			.replace(/^PROCESSING_WARNING_REASON_/, '')
			.toLowerCase();
		counts[reason] = (counts[reason] ?? 0) + Number(entry.recordCount ?? 0);
	}
	return counts;
}

function firstStatus(container: unknown): { kind: string; status: Record<string, unknown> } | undefined {
	if (!container || typeof container !== 'object') return undefined;
	const [kind, status] = Object.entries(container as Record<string, unknown>)[0] ?? [];
	return kind ? { kind, status: (status ?? {}) as Record<string, unknown> } : undefined;
}

/** One Data Manager request's status, per destination, in plain terms. */
export function presentRequestStatus(requestId: string, response: IDataObject): IDataObject {
	const destinations = ((response.requestStatusPerDestination ?? []) as IDataObject[]).map((entry) => {
		const destination = (entry.destination ?? {}) as IDataObject;
		const operating = (destination.operatingAccount ?? {}) as IDataObject;
		const operation = entry.audienceMembersIngestionStatus
			? 'ingest'
			: entry.audienceMembersRemovalStatus
				? 'remove'
				: entry.removeAllAudienceMembersStatus
					? 'removeAll'
					: 'other';
		const detail = firstStatus(entry.audienceMembersIngestionStatus ?? entry.audienceMembersRemovalStatus);
		const range = detail?.status.uploadMatchRateRange as string | undefined;
		const bounds = range ? MATCH_RATE_BOUNDS[range] : undefined;
		const errors = countsByReason((entry.errorInfo as IDataObject | undefined)?.errorCounts);
		const warnings = countsByReason((entry.warningInfo as IDataObject | undefined)?.warningCounts);
		return {
			accountId: operating.accountId ?? null,
			audienceId: destination.productDestinationId ?? null,
			operation,
			status: String(entry.requestStatus ?? 'REQUEST_STATUS_UNKNOWN'),
			recordCount: detail?.status.recordCount !== undefined ? Number(detail.status.recordCount) : null,
			matchRate: bounds
				? { lowerPercent: bounds[0], upperPercent: bounds[1], range }
				: range
					? { lowerPercent: null, upperPercent: null, range }
					: null,
			errorCount: Object.values(errors).reduce((sum, n) => sum + n, 0),
			errorsByReason: errors,
			warningsByReason: warnings,
		};
	});
	const states = destinations.map((destination) => destination.status);
	let status: GoogleRequestState = 'REQUEST_STATUS_UNKNOWN';
	if (states.some((state) => state === 'PROCESSING')) status = 'PROCESSING';
	else if (states.length && states.every((state) => state === 'SUCCESS')) status = 'SUCCESS';
	else if (states.some((state) => state === 'FAILED') && states.every((state) => state === 'FAILED')) status = 'FAILED';
	else if (states.some((state) => FINISHED.has(state))) status = 'PARTIAL_SUCCESS';
	return {
		requestId,
		status,
		finished: states.length > 0 && states.every((state) => FINISHED.has(state)),
		destinations,
	};
}

export async function retrieveRequestStatus(
	client: GoogleClient,
	requestId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	const response = await client.request<IDataObject>({
		method: 'GET',
		path: '/v1/requestStatus:retrieve',
		qs: { requestId },
		context: { requestId },
		itemIndex,
	});
	return presentRequestStatus(requestId, response);
}
