import { capitalize } from '../../sentences';
import type { PlatformErrorDescription } from '../types';

/**
 * Graph API errors turned into messages an ops person can act on.
 * Codes and subcodes: Meta Marketing API Custom Audience reference, Custom Audiences guide error
 * table, Graph "Handle Errors" page, and Marketing API rate limiting (see the Meta reference notes).
 */

export interface GraphErrorBody {
	message?: string;
	type?: string;
	code?: number;
	error_subcode?: number;
	error_user_title?: string;
	error_user_msg?: string;
	fbtrace_id?: string;
}

export type MetaErrorDescription = PlatformErrorDescription;

export interface MetaErrorContext {
	adAccountId?: string;
	audienceId?: string;
	httpStatus?: number;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80003]);
const TRANSIENT_CODES = new Set([1, 2, 341]);

export function termsAcceptUrl(adAccountId: string | undefined): string {
	const id = (adAccountId ?? '').replace(/^act_/, '');
	return `https://business.facebook.com/ads/manage/customaudiences/tos/?act=${id}`;
}

function platformSays(error: GraphErrorBody): string {
	const parts = [error.error_user_title, error.error_user_msg ?? error.message].filter(
		(part): part is string => typeof part === 'string' && part.length > 0,
	);
	const codes = [error.code, error.error_subcode].filter((part) => part !== undefined).join('/');
	return `Meta says: ${parts.join(': ') || 'no message'}${codes ? ` (code ${codes})` : ''}${
		error.fbtrace_id ? `, trace id ${error.fbtrace_id}` : ''
	}.`;
}

export function describeMetaError(
	error: GraphErrorBody,
	context: MetaErrorContext = {},
): MetaErrorDescription {
	const code = error.code;
	const subcode = error.error_subcode;
	const account = context.adAccountId ? `ad account act_${context.adAccountId.replace(/^act_/, '')}` : 'the ad account';
	const audience = context.audienceId ? `audience ${context.audienceId}` : 'the audience';
	const said = platformSays(error);

	if (code !== undefined && RATE_LIMIT_CODES.has(code)) {
		return {
			message: `Meta is rate limiting calls for ${account}`,
			description: `${said} The node waited and retried as far as its retry settings allow. Run again later, lower the number of parallel requests, or raise the node option "Max Wait (Seconds)".`,
			retryable: true,
			reason: 'rate_limited',
		};
	}
	if ((code !== undefined && TRANSIENT_CODES.has(code)) || (context.httpStatus ?? 0) >= 500) {
		return {
			message: 'Meta had a temporary problem',
			description: `${said} This is usually transient; the node retried. Run again in a few minutes.`,
			retryable: true,
			reason: 'platform_unavailable',
		};
	}
	if (code === 190 || code === 102) {
		return {
			message: 'Meta rejected the access token',
			description: `${said} The token is invalid, expired or revoked. Create a new system-user token (Business Settings → Users → System users → Generate new token, with ads_management) and update the Meta Ads API credential.`,
			retryable: false,
			reason: 'invalid_token',
		};
	}
	if (code === 200 && subcode === 1870090) {
		return {
			message: `Meta rejected the request: the Custom Audience terms are not accepted for ${account}`,
			description: `Accept them at ${termsAcceptUrl(context.adAccountId)} (a person with access to the ad account must do it once, even when a system user runs the workflow) and run again.`,
			retryable: false,
			reason: 'terms_not_accepted',
		};
	}
	if (code === 200 && subcode === 1870050) {
		return {
			message: `Meta rejected the request: ${account} is not linked to a Business Manager`,
			description: `${said} Customer-list audiences need an ad account owned by a business portfolio. Add the ad account to your Business Manager and run again.`,
			retryable: false,
			reason: 'account_not_in_business',
		};
	}
	if (code === 200 || code === 10 || code === 294 || code === 270) {
		return {
			message: `The token is not allowed to do this on ${account}`,
			description: `${said} Give the system user the ads_management permission and assign it to the ad account (Business Settings → Accounts → Ad accounts → Assign people), then run again.`,
			retryable: false,
			reason: 'permission_denied',
		};
	}
	if (code === 100 && subcode === 33) {
		return {
			message: `Meta could not find ${audience}`,
			description: `${said} Check the ID, and that the token's system user can see the ad account that owns it.`,
			retryable: false,
			reason: 'audience_not_found',
		};
	}
	if (subcode === 1487366) {
		return {
			message: `${capitalize(audience)} has been deleted in Meta`,
			description: `${said} Pick another audience or create it again with Ad Audience → Create.`,
			retryable: false,
			reason: 'audience_deleted',
		};
	}
	if (subcode === 1487301) {
		return {
			message: `${capitalize(audience)} is not shared with ${account}`,
			description: `${said} Share the audience with this ad account in Audience Manager, or use the ad account that owns it.`,
			retryable: false,
			reason: 'audience_not_shared',
		};
	}
	if (subcode === 1713230 || subcode === 1713231 || subcode === 1713228) {
		return {
			message: `Meta blocks changes to ${audience}: it was flagged for integrity reasons`,
			description: `${said} Meta flags audiences whose name or data suggest information its terms do not allow (operation status 471). Review the audience in Audience Manager, rename it or create a new one.`,
			retryable: false,
			reason: 'audience_flagged',
		};
	}
	if (code === 2650 && subcode === 1870145) {
		return {
			message: `${capitalize(audience)} is being updated by a replace that has not finished`,
			description: `${said} Meta allows no other changes while a replace runs. Wait until its status is back to Normal (Ad Audience → Get Status) and run again.`,
			retryable: false,
			reason: 'replace_in_progress',
		};
	}
	if (code === 2650 && subcode === 1870158) {
		return {
			message: 'The replace session ran past Meta’s 90-minute limit',
			description: `${said} Meta replaced the audience with the batches it received in time. Run Replace All again, or use Add/Remove for the rest.`,
			retryable: false,
			reason: 'replace_timed_out',
		};
	}
	if (code === 2650 && (subcode === 1870147 || subcode === 1870159)) {
		return {
			message: 'Meta rejected a batch of the replace session',
			description: `${said} Run Replace All again; it starts a new session.`,
			retryable: false,
			reason: 'replace_session_rejected',
		};
	}
	if (code === 2650 && subcode === 1870148) {
		return {
			message: 'Meta could not finish updating the audience',
			description: `${said} Run again.`,
			retryable: true,
			reason: 'platform_unavailable',
		};
	}
	if (code === 2650 && subcode === 1870144) {
		return {
			message: `${capitalize(audience)} is too large to replace`,
			description: `${said} Meta replaces only audiences under 100 million people. Use Add and Remove instead.`,
			retryable: false,
			reason: 'audience_too_large',
		};
	}
	if (code === 2656) {
		return {
			message: `${capitalize(audience)} cannot be deleted while lookalike audiences use it`,
			description: `${said} Delete its lookalike audiences first.`,
			retryable: false,
			reason: 'has_lookalikes',
		};
	}
	if (code === 2635) {
		return {
			message: 'The Graph API version in the credential is no longer supported',
			description: `${said} Set "Graph API Version" in the Meta Ads API credential to v26.0 or newer.`,
			retryable: false,
			reason: 'deprecated_version',
		};
	}
	if (code === 368) {
		return {
			message: 'Meta temporarily blocked this action for policy reasons',
			description: `${said} Check Account Quality in Business Settings before running again.`,
			retryable: false,
			reason: 'policy_block',
		};
	}
	if (code === 2650) {
		return {
			message: `Meta failed to update ${audience}`,
			description: `${said} Check that the audience is a customer-list audience and that its data source matches multi-key uploads.`,
			retryable: false,
			reason: 'update_failed',
		};
	}
	return {
		message: `Meta rejected the request${context.httpStatus ? ` (HTTP ${context.httpStatus})` : ''}`,
		description: said,
		retryable: false,
		reason: code === 100 ? 'invalid_parameter' : 'platform_error',
	};
}

/**
 * Meta's X-Business-Use-Case-Usage header: JSON keyed by business/ad-account id, each a list of
 * {type, call_count, total_cputime, total_time, estimated_time_to_regain_access (minutes)}.
 * Returns the longest wait it announces, in milliseconds, or undefined.
 */
export function regainAccessDelayMs(headerValue: unknown): number | undefined {
	if (typeof headerValue !== 'string' || headerValue.length === 0) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(headerValue);
	} catch {
		return undefined;
	}
	if (parsed === null || typeof parsed !== 'object') return undefined;
	let minutes: number | undefined;
	for (const entries of Object.values(parsed as Record<string, unknown>)) {
		if (!Array.isArray(entries)) continue;
		for (const entry of entries) {
			const value = (entry as { estimated_time_to_regain_access?: unknown })
				?.estimated_time_to_regain_access;
			if (typeof value === 'number' && value > 0) minutes = Math.max(minutes ?? 0, value);
		}
	}
	return minutes === undefined ? undefined : minutes * 60_000;
}
