import type { IGetNodeParameterOptions, IPollFunctions } from 'n8n-workflow';

import type { NodeContext } from './types';

/** A polling trigger's context: it has an activation mode and no input items. */
export function isPollContext(ctx: NodeContext): ctx is IPollFunctions {
	return typeof (ctx as Partial<IPollFunctions>).getActivationMode === 'function';
}

/**
 * A parameter of item `i` in a node that runs on items, or of the node itself in a polling
 * trigger, whose `getNodeParameter` takes no item index.
 */
export function nodeParameter(
	ctx: NodeContext,
	name: string,
	i: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	return isPollContext(ctx)
		? ctx.getNodeParameter(name, fallback, options)
		: ctx.getNodeParameter(name, i, fallback, options);
}
