/** Error codes of a connection that failed or broke: worth another attempt. */
const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Messages of the same failures when no code says it: a connection that broke, or an answer cut short. */
const TRANSIENT_MESSAGE = /socket hang up|network|timeout|ECONNRESET|ECONNREFUSED|stream has been aborted|premature close/i;

/**
 * Whether an error raised without an HTTP response is a network failure (retry) rather than a
 * local one, such as a credential that cannot sign its token request (do not retry).
 */
export function isTransientNetworkError(error: unknown): boolean {
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
		const { code, message } = current as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
		if (typeof message === 'string' && TRANSIENT_MESSAGE.test(message)) {
			return true;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}
