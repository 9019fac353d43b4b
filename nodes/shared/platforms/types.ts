/** Shapes both platforms map into, so workflows read one status whatever the platform. */

export type AudiencePlatformName = 'meta' | 'google';

/**
 * Where the audience is in its life, in the platform-neutral vocabulary of this package:
 * - ready: can be used for ads;
 * - too_small: exists but under the platform's minimum, so it will not deliver;
 * - empty: nothing uploaded yet;
 * - processing: an upload is being matched, the size will move;
 * - updating: a replace is running; other changes are refused meanwhile;
 * - expiring: unused for long; the platform will delete it;
 * - flagged: restricted by the platform's policies;
 * - unusable: the platform will not deliver to it for another reason;
 * - error: the last operation failed and needs action.
 */
export type AudienceLifecycleStatus =
	| 'ready'
	| 'too_small'
	| 'empty'
	| 'processing'
	| 'updating'
	| 'expiring'
	| 'flagged'
	| 'unusable'
	| 'error';

export interface AudienceStatus {
	platform: AudiencePlatformName;
	audienceId: string;
	name: string;
	lifecycleStatus: AudienceLifecycleStatus;
	/** The platform's own status, as code and text. */
	platformStatus: { code: string; text: string };
	/** Other platform status signals (delivery vs operation on Meta, per network on Google). */
	platformStatusDetails: Array<{ kind: string; code: string; text: string }>;
	/** The platform's approximate size (matched people), as a range; null when unknown. */
	size: { lowerBound: number | null; upperBound: number | null };
	/** Google: members per network (Display, Search, YouTube, Gmail). */
	membersByNetwork?: Record<string, number | null>;
	/** Google: whether the list can serve on Display and on Search. */
	eligibility?: { display: boolean; search: boolean };
	/** Whether the platform says the audience can serve ads now. */
	deliverable: boolean;
	minimumSize: number;
	/** Whether the platform's minimum size for delivery is reached; null when unknown. */
	meetsMinimumSize: boolean | null;
	/**
	 * Share of uploaded contacts that matched platform users, 0–100, with its source.
	 * Meta: matched ÷ received of the latest upload session. It lags uploads by up to 24 hours.
	 */
	matchRate: { lowerPercent: number; upperPercent: number; source: string } | null;
	/** ISO time of the last membership change the platform reports. */
	lastUpdatedAt: string | null;
	raw: Record<string, unknown>;
}

export interface AudienceSummary {
	platform: AudiencePlatformName;
	id: string;
	name: string;
	description: string | null;
	accountId: string | null;
	size: { lowerBound: number | null; upperBound: number | null };
	raw: Record<string, unknown>;
}

/** A platform error turned into words an ops person can act on. */
export interface PlatformErrorDescription {
	/** One sentence: what happened. */
	message: string;
	/** What to do about it. */
	description: string;
	retryable: boolean;
	/** Stable machine-readable reason for per-contact results. */
	reason: string;
}

/** A request that failed for good (after retries, when they applied). */
export interface PlatformFailure {
	described: PlatformErrorDescription;
	/** The platform's error body, redacted; attached to the NodeApiError. */
	details: Record<string, unknown>;
	httpStatus?: number;
	attempts: number;
}
