/**
 * What a real n8n (scripts/e2e) kept of its runs: the saved executions, and the items the
 * package's own nodes wrote in them, for the leak scans of the e2e suites.
 */
import { parse } from 'flatted';

import type { Execution } from '../../scripts/e2e/examples';
import type { startN8n } from '../../scripts/e2e/n8n';

type N8n = Awaited<ReturnType<typeof startN8n>>;

export interface StoredExecution {
	workflowData: { nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> };
	data: Execution['data'];
}

/** The saved executions (n8n lists at most 100), of one workflow when `workflowId` is given. */
export async function storedExecutions(n8n: N8n, workflowId?: string): Promise<StoredExecution[]> {
	const filter = workflowId ? `&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}` : '';
	const list = await n8n.rest('GET', `/rest/executions?limit=100${filter}`);
	const stored: StoredExecution[] = [];
	for (const { id } of list.data.results as Array<{ id: string }>) {
		const full = await n8n.rest('GET', `/rest/executions/${id}`);
		stored.push({ workflowData: full.data.workflowData, data: parse(full.data.data) });
	}
	return stored;
}

/**
 * The output items of the package's nodes in saved executions, by node name; nodes asked to
 * include the input data are left out (their items carry the input on purpose).
 */
export function packageOutputs(stored: StoredExecution[]): Array<{ node: string; items: unknown[] }> {
	const outputs: Array<{ node: string; items: unknown[] }> = [];
	for (const { workflowData, data } of stored) {
		for (const node of workflowData.nodes) {
			if (!node.type.startsWith('n8n-nodes-audience-sync.')) continue;
			if ((node.parameters.options as { includeInputData?: boolean } | undefined)?.includeInputData === true) continue;
			for (const run of data.resultData.runData[node.name] ?? []) {
				outputs.push({ node: node.name, items: (run.data?.main ?? []).flat().map((item) => item?.json) });
			}
		}
	}
	return outputs;
}
