import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import type { CredentialStore } from './engine';
import { poller, runNode } from './engine';

type Credentials = Record<string, ICredentialDataDecryptedObject> | CredentialStore;

/** An item the Audience Sync Trigger emitted, as a workflow sees it. */
export type TriggerItemJson = IDataObject & {
	event: string;
	platform: string;
	audienceId: string | null;
	name: string;
	previous: IDataObject | null;
	current: IDataObject | null;
	detectedAt: string;
	upload?: IDataObject;
};

/** What the node keeps between polls: the last status of each audience, the upload requests followed. */
export interface Baseline {
	statuses: Record<string, IDataObject>;
	requests: Record<string, boolean>;
	recordedAt: string;
}

/** Where the node keeps its baseline in the workflow's static data (`getWorkflowStaticData('node')`). */
export const BASELINE_KEY = 'node:Under Test';

/**
 * The Audience Sync Trigger of one active workflow: `poll()` is one production poll (static data
 * kept between polls, as n8n keeps it with the active workflow), `testEvent()` is "Fetch Test
 * Event" (a manual execution of the same workflow, whose static data n8n does not save).
 */
export function audienceTrigger(parameters: IDataObject, credentials: Credentials) {
	const workflow = poller({ type: 'audienceSyncTrigger', parameters, credentials });
	const baseline = () => (workflow.staticData[BASELINE_KEY] as { baseline?: Baseline } | undefined)?.baseline;

	async function poll(): Promise<TriggerItemJson[] | null> {
		const { emitted, items } = await workflow.poll();
		if (emitted && items.length === 0) throw new Error('the trigger emitted an empty list: n8n wants null for "nothing new"');
		return emitted ? items.map((item) => item.json as TriggerItemJson) : null;
	}

	async function testEvent(): Promise<TriggerItemJson[]> {
		const { items, error, staticDataChanged } = await runNode({
			type: 'audienceSyncTrigger',
			parameters,
			credentials: workflow.credentials,
			mode: 'manual',
			staticData: workflow.staticData,
		});
		if (error) throw error;
		// The baseline is not moved, not even in the manual execution's own copy of the static data.
		expect(staticDataChanged).toBe(false);
		return items.map((item) => item.json as TriggerItemJson);
	}

	/** A poll that must fail: its error (the static data stays as it was, as n8n leaves it). */
	async function failingPoll(): Promise<Error & { description?: string }> {
		try {
			await workflow.poll();
		} catch (error) {
			return error as Error & { description?: string };
		}
		throw new Error('the poll did not fail');
	}

	return { poll, testEvent, failingPoll, baseline, staticData: workflow.staticData };
}

export type AudienceTrigger = ReturnType<typeof audienceTrigger>;

/** Makes a change, polls: the events it gave, as `eventsOf` says them. */
export const stepper = (trigger: AudienceTrigger) => async (change: () => Promise<unknown>) => {
	await change();
	return eventsOf(await trigger.poll());
};

/**
 * One event kind, a row of an `it.each` table: the audience is brought to its state `before` the
 * baseline, then `change` must make the next poll emit exactly that event, with the statuses
 * before and after (partial matches), and the poll after it nothing.
 */
export type EventCase = [
	event: string,
	why: string,
	before: (audienceId: string) => Promise<unknown>,
	change: (audienceId: string) => Promise<unknown>,
	previous: IDataObject,
	current: IDataObject,
];

/** The `it.each` body for EventCase rows, on a new audience named `name` watched alone. */
export function eventCase(
	platform: string,
	name: string,
	newAudience: (name: string) => Promise<string>,
	watchOne: (audienceId: string, parameters: IDataObject) => AudienceTrigger,
) {
	return async (...[event, , before, change, previous, current]: EventCase) => {
		const id = await newAudience(name);
		await before(id);
		const trigger = watchOne(id, { events: [event] });
		expect(await trigger.poll()).toBeNull();

		await change(id);
		const items = await trigger.poll();
		expect(eventsOf(items)).toEqual([`${event} ${id}`]);
		const [item] = items as TriggerItemJson[];
		expectItemShape(item, platform, id, name);
		expect(item.previous).toMatchObject(previous);
		expect(item.current).toMatchObject(current);

		expect(await trigger.poll()).toBeNull();
	};
}

/** The events of a poll's items, as `event audienceId` lines (null: the poll emitted nothing). */
export const eventsOf = (items: TriggerItemJson[] | null) => items?.map((item) => `${item.event} ${item.audienceId}`) ?? null;

/** What every emitted item carries, whatever the event. */
export function expectItemShape(item: TriggerItemJson, platform: string, audienceId: string, name: string) {
	expect(Object.keys(item).sort()).toEqual(
		['audienceId', 'current', 'detectedAt', 'event', 'name', 'platform', 'previous', ...(item.event === 'uploadProcessed' ? ['upload'] : [])].sort(),
	);
	expect(item).toMatchObject({ platform, audienceId, name });
	expect(new Date(item.detectedAt).toISOString()).toBe(item.detectedAt);
	for (const status of [item.previous, item.current]) {
		if (status === null) continue;
		expect(status).toMatchObject({ platform, audienceId, name, lifecycleStatus: expect.any(String), deliverable: expect.any(Boolean) });
		expect(status).toHaveProperty('size.lowerBound');
		expect(status).toHaveProperty('size.upperBound');
		expect(status).toHaveProperty('platformStatus.code');
		expect(status).toHaveProperty('matchRate');
	}
}

/** POST to one of the sandbox's admin routes (`/__sandbox/...`), what the platforms decide on their own. */
export async function sandboxAdmin(sandbox: Pick<Sandbox, 'url'>, path: string, input: unknown): Promise<IDataObject> {
	const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(input),
	});
	const body = (await res.json()) as IDataObject;
	if (res.status !== 200) throw new Error(`admin ${path}: ${res.status} ${JSON.stringify(body)}`);
	return body;
}

/** Contacts of people `from`…`from + count - 1` of the sandbox population, with consent. */
export function contactsOf(sandbox: Sandbox, from: number, count: number): IDataObject[] {
	return sandbox.population.rawContacts(count, { offset: from, messy: true }).map((contact) => ({ ...contact, consent: 'granted' }));
}
