import type { AudienceLifecycleStatus, AudienceStatus } from '../types';

/**
 * Google Ads serves a Customer Match list on Search, Display and YouTube from 100 active members
 * (Google Ads Help 7476585).
 */
export const GOOGLE_MIN_AUDIENCE_SIZE = 100;

function count(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? n : null;
}

export function googleAudienceStatus(
	list: Record<string, unknown>,
	minimumSize = GOOGLE_MIN_AUDIENCE_SIZE,
): AudienceStatus {
	const size = (list.sizeInfo ?? {}) as Record<string, unknown>;
	const networks = (list.targetNetworkInfo ?? {}) as Record<string, unknown>;
	const contact = ((list.ingestedUserListInfo ?? {}) as Record<string, unknown>).contactIdInfo as
		| Record<string, unknown>
		| undefined;
	const members = {
		display: count(size.displayNetworkMembersCount),
		search: count(size.searchNetworkMembersCount),
		youtube: count(size.youtubeMembersCount),
		gmail: count(size.gmailMembersCount),
	};
	const known = Object.values(members).filter((value): value is number => value !== null);
	const largest = known.length ? Math.max(...known) : null;
	const smallest = known.length ? Math.min(...known) : null;
	const eligibleForDisplay = networks.eligibleForDisplay === true;
	const eligibleForSearch = networks.eligibleForSearch === true;
	const deliverable = eligibleForDisplay || eligibleForSearch;
	const membershipStatus = String(list.membershipStatus ?? 'MEMBERSHIP_STATUS_UNSPECIFIED');
	const closingReason = list.closingReason ? String(list.closingReason) : null;
	const matchRatePercentage = count(contact?.matchRatePercentage);

	let lifecycleStatus: AudienceLifecycleStatus;
	if (membershipStatus === 'CLOSED') lifecycleStatus = closingReason === 'UNUSED' ? 'expiring' : 'unusable';
	else if (deliverable) lifecycleStatus = 'ready';
	else if ((largest ?? 0) === 0 && matchRatePercentage === null) lifecycleStatus = 'empty';
	else if (largest !== null && largest < minimumSize) lifecycleStatus = 'too_small';
	else lifecycleStatus = 'processing';

	const meetsMinimumSize = largest === null ? null : largest >= minimumSize;
	return {
		platform: 'google',
		audienceId: String(list.id ?? ''),
		name: String(list.displayName ?? ''),
		lifecycleStatus,
		platformStatus: {
			code: `membershipStatus:${membershipStatus}`,
			text: closingReason ? `closed: ${closingReason}` : membershipStatus === 'OPEN' ? 'open' : membershipStatus.toLowerCase(),
		},
		platformStatusDetails: [
			{ kind: 'membership_status', code: membershipStatus, text: closingReason ?? '' },
			{ kind: 'display_network', code: eligibleForDisplay ? 'eligible' : 'not_eligible', text: `${members.display ?? 'unknown'} members` },
			{ kind: 'search_network', code: eligibleForSearch ? 'eligible' : 'not_eligible', text: `${members.search ?? 'unknown'} members` },
			{ kind: 'youtube', code: '', text: `${members.youtube ?? 'unknown'} members` },
			{ kind: 'gmail', code: '', text: `${members.gmail ?? 'unknown'} members` },
		],
		size: { lowerBound: smallest, upperBound: largest },
		membersByNetwork: members,
		eligibility: { display: eligibleForDisplay, search: eligibleForSearch },
		deliverable,
		minimumSize,
		meetsMinimumSize,
		matchRate:
			matchRatePercentage === null
				? null
				: {
						lowerPercent: matchRatePercentage,
						upperPercent: matchRatePercentage,
						source: 'Google: the list’s match rate percentage (matching takes up to 48 h)',
					},
		lastUpdatedAt: null,
		raw: { ...list },
	};
}
