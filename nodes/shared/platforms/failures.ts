import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { PlatformFailure } from './types';

export function platformFailureToNodeError(
	node: INode,
	failure: PlatformFailure,
	itemIndex?: number,
	extraDescription?: string,
): NodeApiError {
	const description = [failure.described.description, extraDescription].filter(Boolean).join(' ');
	return new NodeApiError(node, { ...failure.details } as JsonObject, {
		message: failure.described.message,
		description,
		httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
		itemIndex,
	});
}
