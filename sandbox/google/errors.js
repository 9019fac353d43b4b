// @ts-check
'use strict';

/**
 * Data Manager API errors in Google's envelope (google.rpc.Status as JSON):
 * {"error":{"code","message","status","details":[
 *   {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason","domain","metadata":{"requestId"}},
 *   {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field","description","reason"}]}]}}
 * Reasons come from the API's ErrorReason enum (datamanager/v1/error.proto); authentication errors
 * use the reasons and domain of Google's front end (googleapis.com). And the OAuth token endpoint's
 * own envelope: {"error":"invalid_grant","error_description":"…"}.
 * Messages never contain an access token, a refresh token, a secret or an assertion.
 */

const DOMAIN = 'datamanager.googleapis.com';

/** HTTP status → canonical google.rpc.Code name. */
const STATUS_NAMES = /** @type {Record<number, string>} */ ({
	400: 'INVALID_ARGUMENT',
	401: 'UNAUTHENTICATED',
	403: 'PERMISSION_DENIED',
	404: 'NOT_FOUND',
	409: 'ALREADY_EXISTS',
	429: 'RESOURCE_EXHAUSTED',
	499: 'CANCELLED',
	500: 'INTERNAL',
	501: 'UNIMPLEMENTED',
	503: 'UNAVAILABLE',
	504: 'DEADLINE_EXCEEDED',
});

/** @typedef {{ field: string, description: string, reason?: string }} FieldViolation */

class GoogleError extends Error {
	/**
	 * @param {{ httpStatus: number, message: string, reason: string, status?: string,
	 *   domain?: string, metadata?: Record<string, string>, violations?: FieldViolation[],
	 *   headers?: Record<string, string> }} spec
	 */
	constructor(spec) {
		super(spec.message);
		this.name = 'GoogleError';
		this.httpStatus = spec.httpStatus;
		this.status = spec.status ?? STATUS_NAMES[spec.httpStatus] ?? 'UNKNOWN';
		this.reason = spec.reason;
		this.domain = spec.domain ?? DOMAIN;
		this.metadata = spec.metadata ?? {};
		this.violations = spec.violations ?? [];
		this.headers = spec.headers ?? {};
	}

	/**
	 * @param {string} requestId
	 * @returns {{ error: Record<string, unknown> }}
	 */
	toBody(requestId) {
		/** @type {Array<Record<string, unknown>>} */
		const details = [
			{
				'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
				reason: this.reason,
				domain: this.domain,
				metadata: this.domain === DOMAIN ? { requestId, ...this.metadata } : { ...this.metadata },
			},
		];
		if (this.violations.length) {
			details.push({
				'@type': 'type.googleapis.com/google.rpc.BadRequest',
				fieldViolations: this.violations.map((v) => ({
					field: v.field,
					description: v.description,
					...(v.reason ? { reason: v.reason } : {}),
				})),
			});
		}
		return {
			error: { code: this.httpStatus, message: this.message, status: this.status, details },
		};
	}
}

/** Most violations listed in one error (Google lists several; a 10,000-member request could list many). */
const MAX_VIOLATIONS = 100;

/**
 * 400 INVALID_ARGUMENT with field violations; ErrorInfo.reason is the first violation's reason.
 * @param {FieldViolation[]} violations
 * @param {string} [message]
 * @returns {GoogleError}
 */
function invalidArgument(violations, message) {
	const shown = violations.slice(0, MAX_VIOLATIONS);
	const more = violations.length - shown.length;
	return new GoogleError({
		httpStatus: 400,
		message:
			(message ?? 'Request contains an invalid argument.') +
			(more > 0 ? ` (${more} more violations not listed)` : ''),
		reason: shown[0]?.reason ?? 'INVALID_ARGUMENT',
		violations: shown,
	});
}

/**
 * One violation as a 400 error.
 * @param {string} field snake_case path ('audience_members[0].consent')
 * @param {string} reason ErrorReason
 * @param {string} description
 * @returns {GoogleError}
 */
const badField = (field, reason, description) => invalidArgument([{ field, description, reason }]);

/**
 * ESF-style JSON/binding error ("Invalid JSON payload received. Unknown name …"): the front end
 * stops at the first one.
 * @param {string} field
 * @param {string} message
 * @returns {GoogleError}
 */
const payloadError = (field, message) =>
	new GoogleError({
		httpStatus: 400,
		message,
		reason: 'INVALID_ARGUMENT',
		violations: [{ field, description: message }],
	});

/**
 * @param {string} message
 * @param {string} [reason]
 * @returns {GoogleError}
 */
const permissionDenied = (message, reason = 'PERMISSION_DENIED') =>
	new GoogleError({ httpStatus: 403, message, reason });

/**
 * @param {string} message
 * @param {string} [reason]
 * @returns {GoogleError}
 */
const notFound = (message, reason = 'NOT_FOUND') =>
	new GoogleError({ httpStatus: 404, message, reason });

const AUTH_HELP =
	'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/**
 * 401 as Google's front end answers it (domain googleapis.com, reasons CREDENTIALS_MISSING,
 * ACCESS_TOKEN_EXPIRED, ACCESS_TOKEN_TYPE_UNSUPPORTED), with a WWW-Authenticate header.
 * @param {'CREDENTIALS_MISSING' | 'ACCESS_TOKEN_EXPIRED' | 'ACCESS_TOKEN_TYPE_UNSUPPORTED'} reason
 * @param {string} method e.g. google.ads.datamanager.v1.IngestionService.IngestAudienceMembers
 * @returns {GoogleError}
 */
function unauthenticated(reason, method) {
	const missing = reason === 'CREDENTIALS_MISSING';
	return new GoogleError({
		httpStatus: 401,
		message: missing
			? `Request is missing required authentication credential. ${AUTH_HELP}`
			: `Request had invalid authentication credentials. ${AUTH_HELP}`,
		reason,
		domain: 'googleapis.com',
		metadata: { service: DOMAIN, method },
		headers: {
			'www-authenticate': missing
				? 'Bearer realm="https://accounts.google.com/"'
				: 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
		},
	});
}

/**
 * @param {string} method
 * @returns {GoogleError}
 */
const insufficientScopes = (method) =>
	new GoogleError({
		httpStatus: 403,
		message: 'Request had insufficient authentication scopes.',
		reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
		domain: 'googleapis.com',
		metadata: { service: DOMAIN, method },
		headers: {
			'www-authenticate':
				'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/datamanager"',
		},
	});

/**
 * The token endpoint's error: {"error": code, "error_description": text}.
 */
class OAuthError extends Error {
	/**
	 * @param {number} httpStatus
	 * @param {string} error
	 * @param {string} description
	 */
	constructor(httpStatus, error, description) {
		super(description);
		this.name = 'OAuthError';
		this.httpStatus = httpStatus;
		this.error = error;
	}

	toBody() {
		return { error: this.error, error_description: this.message };
	}
}

/**
 * The body of an injected fault without its own body, per HTTP status.
 * @param {number} status
 * @param {string} requestId
 * @returns {{ error: Record<string, unknown> }}
 */
function faultBody(status, requestId) {
	const messages = /** @type {Record<number, string>} */ ({
		429: 'Resource has been exhausted (e.g. check quota).',
		500: 'Internal error encountered.',
		503: 'The service is currently unavailable.',
		504: 'The request timed out. Please try again.',
	});
	const reasons = /** @type {Record<number, string>} */ ({
		403: 'PERMISSION_DENIED',
		404: 'NOT_FOUND',
		429: 'RESOURCE_EXHAUSTED',
		500: 'INTERNAL_ERROR',
		503: 'INTERNAL_ERROR',
		504: 'DEADLINE_EXCEEDED',
	});
	return new GoogleError({
		httpStatus: status,
		message:
			messages[status] ?? (status >= 500 ? 'Internal error encountered.' : 'Request failed.'),
		reason: reasons[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_ARGUMENT'),
	}).toBody(requestId);
}

/** Google's front end answers an oversize request or URL with an HTML page, not JSON. */
const htmlError = (
	/** @type {number} */ code,
	/** @type {string} */ title,
	/** @type {string} */ text,
) =>
	`<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error ${code} (${title})!!1</title><p><b>${code}.</b> <ins>That’s an error.</ins><p>${text} <ins>That’s all we know.</ins></html>`;

module.exports = {
	DOMAIN,
	STATUS_NAMES,
	MAX_VIOLATIONS,
	GoogleError,
	OAuthError,
	invalidArgument,
	badField,
	payloadError,
	permissionDenied,
	notFound,
	unauthenticated,
	insufficientScopes,
	faultBody,
	htmlError,
};
