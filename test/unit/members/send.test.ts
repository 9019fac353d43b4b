import { sleep } from 'n8n-workflow';

import { sendBatches } from '../../../nodes/shared/members/send';
import { ResultBook } from '../../../nodes/shared/members/report';
import type { PlatformResult } from '../../../nodes/shared/transport/failures';
import type { PlatformFailure } from '../../../nodes/shared/platforms/types';

const failure: PlatformFailure = {
	described: { message: 'Refused', description: 'The platform said no.', retryable: false, reason: 'platform_error' },
	details: {},
	attempts: 1,
} as PlatformFailure;

function recorder(failAt?: number) {
	const events: string[] = [];
	const send = async (rows: string[], batchNumber: number): Promise<PlatformResult<string>> => {
		events.push(`start ${batchNumber}`);
		await sleep(5);
		events.push(`end ${batchNumber}`);
		return batchNumber === failAt ? { ok: false, failure } : { ok: true, value: `req-${batchNumber}:${rows.join('')}` };
	};
	return { events, send };
}

const batches = [['a'], ['b'], ['c'], ['d'], ['e']];

describe('sendBatches', () => {
	it('session order: the first batch alone, the middle ones in parallel, the last one at the end', async () => {
		const { events, send } = recorder();
		const outcomes = await sendBatches({ batches, order: 'session', concurrency: 3, send, accepted: (value) => ({ requestId: value }) });
		expect(events.slice(0, 2)).toEqual(['start 1', 'end 1']);
		expect(events.slice(2, 5)).toEqual(['start 2', 'start 3', 'start 4']);
		expect(events.slice(-2)).toEqual(['start 5', 'end 5']);
		expect(outcomes.map((o) => (o.ok ? o.requestId : undefined))).toEqual(['req-1:a', 'req-2:b', 'req-3:c', 'req-4:d', 'req-5:e']);
	});

	it('reads a stream of batches as it sends them, the last one marked, keeping no rows when told each outcome', async () => {
		const { events, send } = recorder();
		const lasts: boolean[] = [];
		const read: string[] = [];
		async function* stream() {
			for (const batch of batches) {
				read.push(`read ${batch[0]}`);
				yield batch;
			}
		}
		const settled: string[] = [];
		const outcomes = await sendBatches({
			batches: stream(),
			order: 'session',
			concurrency: 2,
			send: async (rows, batchNumber, last) => {
				lasts.push(last);
				return await send(rows, batchNumber);
			},
			settled: (outcome) => settled.push(`${outcome.batchNumber}:${outcome.rows.join('')}`),
		});
		expect(lasts).toEqual([false, false, false, false, true]);
		// Never more than two batches in flight, so never more than three read ahead of the last one sent.
		expect(read.indexOf('read e')).toBeGreaterThan(events.indexOf('start 3'));
		expect(settled.sort()).toEqual(['1:a', '2:b', '3:c', '4:d', '5:e']);
		expect(outcomes.map((o) => [o.batchNumber, o.rows.length, o.rowCount])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 0, 1]));
	});

	it('sends nothing after a failed batch and says why', async () => {
		const { events, send } = recorder(2);
		const outcomes = await sendBatches({ batches, order: 'parallel', concurrency: 1, send });
		expect(events.filter((e) => e.startsWith('start'))).toEqual(['start 1', 'start 2']);
		expect(outcomes.map((o) => (o.ok ? 'ok' : o.sent ? 'failed' : 'not sent'))).toEqual([
			'ok',
			'failed',
			'not sent',
			'not sent',
			'not sent',
		]);
		const notSent = outcomes[2];
		expect(!notSent.ok && !notSent.sent && notSent.skippedBecause).toBe('batch 2 failed: Refused');
	});
});

describe('ResultBook', () => {
	const contact = { identity: 'x', wire: {}, identifiersSent: ['email'], rejections: [] };
	const rows = [{ prepared: contact, items: [0, 2] }];

	it('keeps one result per item for the per-contact output', () => {
		const book = new ResultBook(true);
		book.pending(0, contact);
		book.settled(1, { status: 'skipped', reason: 'no_consent' });
		book.pending(2, contact, 0);
		book.sent('add', [{ batchNumber: 1, rows, rowCount: 1, sent: true, ok: true, requestId: 'r1' }]);
		expect(book.result(0)).toEqual({ status: 'added', identifiersSent: ['email'], batch: 1, requestId: 'r1' });
		expect(book.result(2)).toMatchObject({ status: 'added', sameAsItem: 0 });
		expect(book.counts).toEqual({ added: 2, skipped: 1 });
		expect(book.skippedByReason).toEqual({ no_consent: 1 });
	});

	it('keeps counts only for Summary Only', () => {
		const book = new ResultBook(false);
		book.pending(0, contact);
		book.pending(2, contact, 0);
		book.sent('remove', [{ batchNumber: 1, rows, rowCount: 1, sent: true, ok: false, failure }]);
		expect(book.counts).toEqual({ failed: 2 });
		expect(book.result(0)).toEqual({ status: 'skipped' });
	});
});
