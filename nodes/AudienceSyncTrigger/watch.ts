/**
 * One poll of the Audience Sync Trigger: read the watched statuses through the platform registry,
 * compare them with the baseline kept in the node's static data, and say what happened.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AudiencePlatform, AudienceStatus, UploadOutcome } from '../shared/platforms/types';
import type { EventSettings, TriggerEvent } from './events';
import { audienceEvents, moveReference, uploadProcessed } from './events';

export type Watch = 'one' | 'several' | 'account';

/** What the node keeps between polls (`getWorkflowStaticData('node')`). */
export interface TriggerBaseline {
	/** The last status seen of each watched audience, by `platform:audienceId`. */
	statuses: Record<string, AudienceStatus>;
	/** Upload requests followed, by ID: whether they were seen final. */
	requests: Record<string, boolean>;
	/**
	 * Audiences whose size or match rate moved by less than the threshold since the last reported
	 * move (or since first seen): the status the next move is measured from (see moveReference).
	 */
	movedFrom?: Record<string, AudienceStatus>;
	recordedAt: string;
}

export interface TriggerItem extends IDataObject {
	event: TriggerEvent | 'test';
	platform: string;
	audienceId: string | null;
	name: string;
	previous: AudienceStatus | null;
	current: AudienceStatus | null;
	detectedAt: string;
}

export const keyOf = (status: Pick<AudienceStatus, 'platform' | 'audienceId'>) => `${status.platform}:${status.audienceId}`;

/** IDs from a comma, space or line separated text, or from an expression that gives a list. */
export function idList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,;]+/);
	return [...new Set(raw.map((id) => id.trim()).filter(Boolean))];
}

/** The audiences to read: the first one only for a test event. */
export async function watchedStatuses(
	ctx: IPollFunctions,
	platform: AudiencePlatform,
	watch: Watch,
	firstOnly = false,
): Promise<AudienceStatus[]> {
	const audiences = platform.audiences;
	const accountId = audiences.accountOf(ctx, 0, watch === 'account');
	if (watch === 'account') {
		const statuses = await audiences.accountStatuses(ctx, accountId as string);
		return firstOnly ? statuses.slice(0, 1) : statuses;
	}
	const ids = watch === 'one' ? [audiences.audienceOf(ctx, 0)] : idList(ctx.getNodeParameter('audienceIds', ''));
	if (ids.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No audience to watch', {
			description: 'Give the IDs of the audiences, separated by commas, or an expression that returns a list of them.',
		});
	}
	const statuses: AudienceStatus[] = [];
	for (const audienceId of firstOnly ? ids.slice(0, 1) : ids) {
		statuses.push(await audiences.statusOf(ctx, { accountId, audienceId }));
	}
	return statuses;
}

/** The followed upload requests and what the platform says of those not yet seen final. */
export async function uploadOutcomes(
	ctx: IPollFunctions,
	platform: AudiencePlatform,
	requestIds: string[],
	known: Record<string, boolean>,
): Promise<UploadOutcome[]> {
	const read = platform.audiences.uploadOutcome;
	if (!read) return [];
	const accountId = platform.audiences.accountOf(ctx, 0, false);
	const outcomes: UploadOutcome[] = [];
	for (const requestId of requestIds) {
		if (known[requestId] === true) continue;
		outcomes.push(await read.call(platform.audiences, ctx, accountId, requestId));
	}
	return outcomes;
}

/**
 * The baseline after this poll: every audience read now (gone ones dropped), where each one's next
 * size or match-rate move is measured from, every request followed.
 */
export function nextBaseline(
	statuses: AudienceStatus[],
	requestIds: string[],
	previous: TriggerBaseline | undefined,
	outcomes: UploadOutcome[],
	now: string,
	thresholdPercent: number,
): TriggerBaseline {
	const requests: Record<string, boolean> = {};
	for (const id of requestIds) requests[id] = previous?.requests[id] === true;
	for (const outcome of outcomes) requests[outcome.requestId] = outcome.finished;
	const movedFrom: Record<string, AudienceStatus> = {};
	for (const status of statuses) {
		const key = keyOf(status);
		const last = previous?.statuses[key];
		if (!last) continue;
		const reference = moveReference(previous?.movedFrom?.[key] ?? last, status, thresholdPercent);
		if (reference !== status) movedFrom[key] = reference;
	}
	const baseline: TriggerBaseline = { statuses: Object.fromEntries(statuses.map((s) => [keyOf(s), s])), requests, recordedAt: now };
	if (Object.keys(movedFrom).length) baseline.movedFrom = movedFrom;
	return baseline;
}

/** One item per event, audiences first (in the order read), then processed uploads. */
export function eventItems(
	baseline: TriggerBaseline,
	statuses: AudienceStatus[],
	outcomes: UploadOutcome[],
	settings: EventSettings,
	platformName: string,
	now: string,
): TriggerItem[] {
	const items: TriggerItem[] = [];
	const byKey = new Map(statuses.map((s) => [keyOf(s), s]));
	for (const current of statuses) {
		// An audience new to the account joins the baseline without an event.
		const previous = baseline.statuses[keyOf(current)];
		if (!previous) continue;
		const movedFrom = baseline.movedFrom?.[keyOf(current)] ?? previous;
		for (const event of audienceEvents(previous, current, settings, movedFrom)) {
			// A move is shown from the status it is measured from.
			const from = event === 'sizeOrMatchRateMoved' ? movedFrom : previous;
			items.push({ event, platform: current.platform, audienceId: current.audienceId, name: current.name, previous: from, current, detectedAt: now });
		}
	}
	if (!settings.events.includes('uploadProcessed')) return items;
	for (const outcome of outcomes) {
		if (!uploadProcessed(baseline.requests[outcome.requestId], outcome)) continue;
		const audienceId = outcome.destinations.find((d) => d.audienceId)?.audienceId ?? null;
		const key = keyOf({ platform: platformName as AudienceStatus['platform'], audienceId: audienceId ?? '' });
		const current = byKey.get(key) ?? null;
		items.push({
			event: 'uploadProcessed',
			platform: platformName,
			audienceId,
			name: current?.name ?? baseline.statuses[key]?.name ?? '',
			previous: baseline.statuses[key] ?? null,
			current,
			detectedAt: now,
			upload: outcome as unknown as IDataObject,
		});
	}
	return items;
}
