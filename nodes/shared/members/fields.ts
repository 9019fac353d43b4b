import { isBlank } from '../identifiers/text';

/** Reads `a.b.c` from an item's JSON; a key that itself contains dots is found first. */
export function readPath(data: Record<string, unknown>, path: string): unknown {
	if (path in data) return data[path];
	let current: unknown = data;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

/** The mapped value as text, or undefined when absent or blank. Arrays take their first entry. */
export function fieldText(data: Record<string, unknown>, path: string | undefined): string | undefined {
	if (!path) return undefined;
	let value = readPath(data, path);
	if (Array.isArray(value)) value = value[0];
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'string') return isBlank(value) ? undefined : value;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (typeof value === 'boolean') return undefined;
	return undefined;
}
