import { ResultBook } from '../../../nodes/shared/members/report';
import type { PreparedContact, UploadRow } from '../../../nodes/shared/members/types';

const contact = (identity: string): PreparedContact<{ id: string }> => ({
	identity,
	wire: { id: identity },
	identifiersSent: ['email'],
	rejections: [],
});
const row = (index: number): UploadRow<{ id: string }> => ({ prepared: contact(`c${index}`), items: [index] });

describe('ResultBook.planned (Dry Run)', () => {
	it('numbers the batches of one call from 1', () => {
		const book = new ResultBook(true);
		[0, 1, 2].forEach((i) => book.pending(i, contact(`c${i}`)));
		book.planned('add', [[row(0), row(1)], [row(2)]]);
		expect([0, 1, 2].map((i) => book.result(i).batch)).toEqual([1, 1, 2]);
		expect(book.result(2)).toMatchObject({ status: 'would_add', wireValues: { id: 'c2' } });
		expect(book.counts).toEqual({ would_add: 3 });
	});

	it('numbers batches planned one at a time (a stream) from the batch number given', () => {
		const book = new ResultBook(true);
		[0, 1, 2].forEach((i) => book.pending(i, contact(`c${i}`)));
		book.planned('remove', [[row(0)]], 1);
		book.planned('remove', [[row(1)]], 2);
		book.planned('remove', [[row(2)]], 3);
		expect([0, 1, 2].map((i) => book.result(i))).toEqual([
			expect.objectContaining({ status: 'would_remove', batch: 1 }),
			expect.objectContaining({ status: 'would_remove', batch: 2 }),
			expect.objectContaining({ status: 'would_remove', batch: 3 }),
		]);
	});
});
