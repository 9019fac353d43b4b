import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../transport/retry';
import type { UploadOptions, UploadTarget } from './types';

/** The node's retry options over the default policy. */
export function retryPolicyFrom(options: UploadOptions): RetryPolicy {
	return {
		...DEFAULT_RETRY_POLICY,
		maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
		maxWaitMs: (options.maxWaitSeconds ?? DEFAULT_RETRY_POLICY.maxWaitMs / 1000) * 1000,
	};
}

/** Parallel requests allowed by the node's options (1–5). */
export function concurrencyFrom(options: UploadOptions): number {
	return Math.max(1, Math.min(5, options.parallelRequests ?? 2));
}

/** Whether a parameter is set by an expression, i.e. may differ between items. */
export function isPerItemParameter(ctx: IExecuteFunctions, name: string): boolean {
	const raw = ctx.getNode().parameters[name] as unknown;
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	return typeof value === 'string' && value.startsWith('=');
}

/**
 * Items grouped by target audience. The target is read once when it is the same for every item,
 * and per item (then grouped) when it comes from an expression.
 */
export function groupTargets(
	itemCount: number,
	perItem: boolean,
	targetOf: (itemIndex: number) => Omit<UploadTarget, 'items'>,
): UploadTarget[] {
	if (itemCount === 0) return [];
	if (!perItem) return [{ ...targetOf(0), items: Array.from({ length: itemCount }, (_, i) => i) }];
	const targets = new Map<string, UploadTarget>();
	for (let i = 0; i < itemCount; i++) {
		const target = targetOf(i);
		const existing = targets.get(target.key);
		if (existing) existing.items.push(i);
		else targets.set(target.key, { ...target, items: [i] });
	}
	return [...targets.values()];
}
