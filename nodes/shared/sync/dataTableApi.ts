/**
 * n8n's public API for data tables (/api/v1/data-tables), with the project's retries and secret
 * redaction. Shapes checked in n8n 2.41.1: rows are listed with filter / sortBy / limit (at most
 * 250) / offset, inserted with returnType, updated (PATCH rows/update) and deleted (DELETE
 * rows/delete?filter=) by a filter of column conditions.
 */
import type { IDataObject } from 'n8n-workflow';

import { connect, credentialUrl, PlatformClient } from '../transport/client';
import type { HttpAnswer, PlatformError, PlatformRequest, PlatformSpec, RequestContext } from '../transport/client';
import { DEFAULT_RETRY_POLICY } from '../transport/retry';

export const N8N_API_CREDENTIAL = 'audienceSyncN8nApi';
const PAGE_LIMIT = 250;

export type Condition = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';
export type Filter = Array<[column: string, condition: Condition, value: string | number]>;
export type Row = IDataObject & { id: number };
export interface Column {
	name: string;
	type: 'string' | 'number' | 'boolean' | 'date';
}

const N8N_API: PlatformSpec = {
	name: 'the n8n API',
	secretFields: ['apiKey'],
	apiBaseUrl: (credentials) => credentialUrl(credentials.baseUrl, 'http://localhost:5678/api/v1'),
	baseUrlLabel: 'Base URL',
	httpErrors: 'answer',
	localFailure: {
		message: 'Could not send the request to the n8n API',
		advice: "Check the Audience Sync State credential's Base URL: this n8n's address followed by /api/v1, as the workers reach it.",
		reason: 'network_error',
	},
};

/**
 * A query string encoded in full: n8n's API validator refuses reserved characters such as ':' in
 * a query value, which a query serializer may leave as they are.
 */
function query(params: Record<string, string | number>): string {
	return '?' + new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

/** n8n's filter of column conditions, all of which must hold. */
function filterOf(filter: Filter): IDataObject {
	return { type: 'and', filters: filter.map(([columnName, condition, value]) => ({ columnName, condition, value })) };
}

const filterParam = (filter: Filter): string => JSON.stringify(filterOf(filter));

/** A client of one n8n's data-table API. */
export class DataTableApi extends PlatformClient<PlatformRequest> {
	static async create(ctx: RequestContext): Promise<DataTableApi> {
		return new DataTableApi(ctx, await connect(ctx, N8N_API_CREDENTIAL, N8N_API), DEFAULT_RETRY_POLICY);
	}

	protected describe(answer: HttpAnswer): PlatformError | undefined {
		const body = answer.body as { message?: unknown } | undefined;
		if (!body || typeof body !== 'object' || typeof body.message !== 'string') return undefined;
		const status = answer.statusCode ?? 0;
		const advice =
			status === 401 || status === 403
				? 'Check the API key of the Audience Sync State credential and that it has the data table scopes.'
				: /size limit/i.test(body.message)
					? "n8n's data tables are full (N8N_DATA_TABLES_MAX_SIZE_BYTES, 200 MB by default): free space or raise the limit."
					: 'See the n8n log for details.';
		return {
			described: {
				message: `The n8n API refused a data table request: ${body.message}`,
				description: advice,
				retryable: status >= 500 || status === 429,
				reason: status === 401 || status === 403 ? 'auth_error' : 'state_store_error',
			},
			details: { status, message: body.message },
		};
	}

	/** The id of the data table with this exact name, created with these columns when missing. */
	async tableId(name: string, columns: Column[]): Promise<string> {
		const found = await this.request<{ data?: Array<{ id: string; name: string }> }>({
			method: 'GET',
			path: '/data-tables' + query({ filter: JSON.stringify({ name }), limit: PAGE_LIMIT }),
		});
		const table = found.data?.find((t) => t.name === name);
		if (table) return table.id;
		const created = await this.request<{ id: string }>({ method: 'POST', path: '/data-tables', body: { name, columns } });
		return created.id;
	}

	/** Every row matching the filter, by id, `limit` rows a request. */
	async rows(table: string, filter: Filter, limit = PAGE_LIMIT): Promise<Row[]> {
		const rows: Row[] = [];
		const pageSize = Math.max(1, Math.min(PAGE_LIMIT, Math.floor(limit)));
		// Paged by id (n8n lists rows by id when no order is asked for) rather than by offset, so
		// rows deleted meanwhile do not shift the pages.
		let after = 0;
		for (;;) {
			const page = await this.request<{ data?: Row[] }>({
				method: 'GET',
				path: `/data-tables/${table}/rows` + query({ filter: filterParam([...filter, ['id', 'gt', after]]), limit: pageSize }),
			});
			const data = page.data ?? [];
			rows.push(...data);
			if (data.length < pageSize) return rows;
			after = data[data.length - 1].id;
		}
	}

	async insert(table: string, rows: IDataObject[]): Promise<void> {
		await this.request({ method: 'POST', path: `/data-tables/${table}/rows`, body: { data: rows, returnType: 'count' } });
	}

	/** Updates the matching rows; resolves with them (n8n returns the updated rows). */
	async update(table: string, filter: Filter, data: IDataObject): Promise<Row[]> {
		const updated = await this.request<Row[] | boolean>({
			method: 'PATCH',
			path: `/data-tables/${table}/rows/update`,
			body: { filter: filterOf(filter), data, returnData: true },
		});
		return Array.isArray(updated) ? updated : [];
	}

	async delete(table: string, filter: Filter): Promise<void> {
		await this.request({ method: 'DELETE', path: `/data-tables/${table}/rows/delete` + query({ filter: filterParam(filter) }) });
	}
}
