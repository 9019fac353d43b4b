/**
 * Removes secrets from text that may reach the user (error messages, descriptions, URLs).
 * Known secret values are replaced wherever they appear; well-known secret-bearing patterns
 * (query parameters, bearer headers, PEM private keys) are masked even when the value is unknown.
 */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
	[/(access_token|appsecret_proof|client_secret|refresh_token|assertion)=([^&\s"'<>]+)/gi, '$1=[redacted]'],
	[/(Bearer|OAuth)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]'],
	[/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
	[/"(access_token|accessToken|private_key|privateKey|appSecret|app_secret)"\s*:\s*"[^"]*"/g, '"$1":"[redacted]"'],
];

const MIN_SECRET_LENGTH = 6;

function escapeRegExp(value: string): string {
	return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	let result = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		result = result.replace(new RegExp(escapeRegExp(secret), 'g'), '[redacted]');
		// Secrets also travel URL-encoded (query strings) and JSON-escaped (bodies).
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) result = result.replace(new RegExp(escapeRegExp(encoded), 'g'), '[redacted]');
	}
	for (const [pattern, replacement] of SECRET_PATTERNS) {
		result = result.replace(pattern, replacement);
	}
	return result;
}

/** Deep-copies a JSON value with every string passed through redactSecrets. */
export function redactDeep<T>(value: T, secrets: ReadonlyArray<string | undefined> = []): T {
	if (typeof value === 'string') return redactSecrets(value, secrets) as unknown as T;
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, secrets)) as unknown as T;
	if (value !== null && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
			copy[key] = redactDeep(entry, secrets);
		}
		return copy as T;
	}
	return value;
}
