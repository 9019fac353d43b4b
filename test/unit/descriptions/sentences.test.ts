import { capitalize, sentences, withoutFinalPeriod } from '../../../nodes/shared/sentences';

describe('sentences: one period between sentences, however each ended', () => {
	it.each([
		[['Google says: bad request.', 'Check the list.'], 'Google says: bad request. Check the list.'],
		[['No final period', 'Next'], 'No final period. Next.'],
		[['Two periods..', 'Next.'], 'Two periods. Next.'],
		[['A question?', 'Next'], 'A question? Next.'],
		[['Only one', undefined, ''], 'Only one.'],
	])('%j → %s', (parts, expected) => {
		expect(sentences(...(parts as string[]))).toBe(expected);
	});

	it.each([
		['Request contains an invalid argument.', 'Request contains an invalid argument'],
		['  spaced.. ', 'spaced'],
		['none', 'none'],
	])('withoutFinalPeriod(%j) = %j', (text, expected) => {
		expect(withoutFinalPeriod(text)).toBe(expected);
	});
});

describe('capitalize', () => {
	it('upper-cases the first letter only, so a phrase can open a sentence', () => {
		expect(['the audience', 'user list 42', 'Already', ''].map(capitalize)).toEqual(['The audience', 'User list 42', 'Already', '']);
	});
});
