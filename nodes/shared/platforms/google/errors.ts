import { capitalize, withoutFinalPeriod } from '../../sentences';
import type { PlatformErrorDescription } from '../types';

/**
 * Data Manager API errors (google.rpc.Status with ErrorInfo and BadRequest details) turned into
 * messages an ops person can act on. Reasons: the API's ErrorReason enum (Data Manager protos,
 * `error.proto`); statuses: Google's canonical codes.
 */

export interface GoogleErrorBody {
	code?: number;
	message?: string;
	status?: string;
	details?: Array<{
		'@type'?: string;
		reason?: string;
		domain?: string;
		metadata?: Record<string, string>;
		fieldViolations?: Array<{ field?: string; description?: string; reason?: string }>;
	}>;
}

export interface GoogleErrorContext {
	accountId?: string;
	audienceId?: string;
	/** A request status lookup: the upload request ID asked for. */
	requestId?: string;
	httpStatus?: number;
}

/** Every ErrorInfo / field-violation reason the response carries. */
export function googleErrorReasons(error: GoogleErrorBody): string[] {
	const reasons: string[] = [];
	for (const detail of error.details ?? []) {
		if (detail.reason) reasons.push(detail.reason);
		for (const violation of detail.fieldViolations ?? []) {
			if (violation.reason) reasons.push(violation.reason);
		}
	}
	return reasons;
}

function googleSays(error: GoogleErrorBody): string {
	const violations = (error.details ?? [])
		.flatMap((detail) => detail.fieldViolations ?? [])
		.slice(0, 5)
		.map((violation) => `${violation.field ?? '?'}: ${violation.description ?? violation.reason ?? ''}`);
	const status = [error.status, error.code].filter((part) => part !== undefined).join(' ');
	return `Google says: ${withoutFinalPeriod(error.message ?? 'no message')}${status ? ` (${status})` : ''}${
		violations.length ? `. Fields: ${violations.join('; ')}` : ''
	}.`;
}

const SCOPE_HINT =
	'The credential needs the scope https://www.googleapis.com/auth/datamanager; tokens made for the Google Ads API scope do not work.';

export function describeGoogleError(
	error: GoogleErrorBody,
	context: GoogleErrorContext = {},
): PlatformErrorDescription {
	const status = error.status ?? '';
	const http = context.httpStatus ?? error.code ?? 0;
	const reasons = new Set(googleErrorReasons(error));
	const account = context.accountId ? `Google Ads account ${context.accountId}` : 'the Google Ads account';
	const list = context.audienceId ? `user list ${context.audienceId}` : 'the user list';
	const said = googleSays(error);
	const has = (reason: string) => reasons.has(reason);

	if (http === 429 || status === 'RESOURCE_EXHAUSTED' || has('RESOURCE_EXHAUSTED')) {
		return {
			message: 'Google is rate limiting the Data Manager API for this Cloud project',
			description: `${said} The node waited and retried as far as its retry settings allow. Ingestion allows 300 requests a minute and 100,000 a day per project: send bigger batches, or run less often.`,
			retryable: true,
			reason: 'rate_limited',
		};
	}
	if (http >= 500 || status === 'UNAVAILABLE' || status === 'DEADLINE_EXCEEDED' || status === 'INTERNAL') {
		return {
			message: 'Google had a temporary problem',
			description: `${said} This is usually transient; the node retried. Run again in a few minutes.`,
			retryable: true,
			reason: 'platform_unavailable',
		};
	}
	if (http === 401 || status === 'UNAUTHENTICATED') {
		return {
			message: 'Google rejected the credentials',
			description: `${said} Reconnect the OAuth2 credential, or check the service account's e-mail and private key. ${SCOPE_HINT}`,
			retryable: false,
			reason: 'invalid_credentials',
		};
	}
	if (has('TERMS_AND_CONDITIONS_NOT_SIGNED')) {
		return {
			message: `The Customer Match terms are not accepted for ${account}`,
			description: `${said} Accept them in Google Ads (Tools → Shared library → Audience manager → Customer Match terms), then run again.`,
			retryable: false,
			reason: 'terms_not_accepted',
		};
	}
	if (has('OPERATING_ACCOUNT_LOGIN_ACCOUNT_MISMATCH')) {
		return {
			message: `The login (manager) account does not manage ${account}`,
			description: `${said} Fix "Login (Manager) Account ID" in the credential, or clear it when the credential has direct access.`,
			retryable: false,
			reason: 'login_account_mismatch',
		};
	}
	if (has('NOT_ALLOWLISTED')) {
		return {
			message: `${capitalize(account)} cannot use Customer Match`,
			description: `${said} Google allows Customer Match to accounts with a good history of policy compliance and payment; check the account's eligibility in Google Ads.`,
			retryable: false,
			reason: 'not_allowlisted',
		};
	}
	if (http === 403 || status === 'PERMISSION_DENIED' || has('PERMISSION_DENIED')) {
		return {
			message: `The credential has no access to ${account}`,
			description: `${said} Add the service account's e-mail (or the OAuth user) to the Google Ads account under Admin → Access and security, or set the Login (Manager) Account ID when access comes from a manager account. ${SCOPE_HINT}`,
			retryable: false,
			reason: 'permission_denied',
		};
	}
	if (has('INVALID_REQUEST_ID') || (context.requestId && (http === 404 || status === 'NOT_FOUND'))) {
		return {
			message: `Google has no upload request ${context.requestId ?? ''}`.trimEnd(),
			description: `${said} Give the requestId of an Audience Member result: Google keeps a status for accepted uploads only (not validate-only ones).`,
			retryable: false,
			reason: 'request_not_found',
		};
	}
	if (http === 404 || status === 'NOT_FOUND' || has('INVALID_USER_LIST_ID') || has('INVALID_DESTINATION')) {
		return {
			message: `Google could not find ${list} in ${account}`,
			description: `${said} Check the account and the user list ID.`,
			retryable: false,
			reason: 'audience_not_found',
		};
	}
	if (has('DISPLAY_NAME_ALREADY_USED')) {
		return {
			message: `${capitalize(account)} already has a user list with this name`,
			description: `${said} Pick another name, or set "If It Exists" to "Use Existing".`,
			retryable: false,
			reason: 'name_in_use',
		};
	}
	if (has('MEMBERSHIP_DURATION_TOO_LONG')) {
		return {
			message: 'The membership duration is longer than Google allows',
			description: `${said} Use at most 540 days.`,
			retryable: false,
			reason: 'invalid_parameter',
		};
	}
	return {
		message: `Google rejected the request${http ? ` (HTTP ${http})` : ''}`,
		description: said,
		retryable: false,
		reason: status === 'INVALID_ARGUMENT' ? 'invalid_parameter' : 'platform_error',
	};
}
