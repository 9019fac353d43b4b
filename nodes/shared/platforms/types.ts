/**
 * What a platform is to this package: the AudiencePlatform interface every platform folder
 * implements (see platforms/index.ts, the registry), and the shapes all platforms map into, so
 * that workflows read one status whatever the platform.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialDescription,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import type { ContactIdentifiers } from '../identifiers';
import type { MemberUploader, UploadOptions } from '../members/types';

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
	/** The size measured against: the node's Minimum Audience Size, else the platform's default. */
	minimumSize: number;
	/**
	 * Whether the size reaches `minimumSize`; null when unknown. Meta: the approximate count's lower
	 * bound, and false whenever Meta itself says too small (delivery_status 300). `lifecycleStatus`
	 * and `deliverable` stay the platform's own verdict.
	 */
	meetsMinimumSize: boolean | null;
	/**
	 * Share of uploaded contacts that matched platform users, 0–100, with its source.
	 * Meta: matched ÷ received of the latest upload session. It lags uploads by up to 24 hours.
	 */
	matchRate: { lowerPercent: number; upperPercent: number; source: string } | null;
	/** ISO time of the last membership change the platform reports. */
	lastUpdatedAt: string | null;
	/**
	 * Meta: the latest full replace (usersreplace) when the platform reports one in progress,
	 * failed or timed out (90 minutes without its last batch); null otherwise. Absent on platforms
	 * without a replace of their own.
	 */
	replace?: { state: 'in_progress' | 'failed' | 'timed_out'; sessionId: string | null } | null;
	/**
	 * Ad Audience → Get Status only (the trigger does not count): the audience's account against
	 * the platform's limit on audiences; null when the platform documents none (Google) or the
	 * count could not be read.
	 */
	accountLimit?: AccountAudienceLimit | null;
	raw: Record<string, unknown>;
}

/**
 * How many audiences of the kind the platform limits an account holds, against that limit
 * (Meta: 500 customer-list custom audiences per ad account).
 */
export interface AccountAudienceLimit {
	accountId: string;
	/** What is counted, e.g. "customer-list custom audiences". */
	counted: string;
	count: number;
	/** The option Audience Limit per Account, else the platform's limit. */
	limit: number;
	remaining: number;
	/** At 90 % of the limit or more. */
	nearLimit: boolean;
	/** The platform refuses another one: Create fails before asking it. */
	atLimit: boolean;
}

/** The n8n contexts that read audiences: a node's items, or a polling trigger (no items). */
export type NodeContext = IExecuteFunctions | IPollFunctions;

/** One audience by ID, with its account when the platform needs it (Google) or has it (Meta). */
export interface AudienceRef {
	accountId?: string;
	audienceId: string;
}

/** What the platform made of one upload request (Google Data Manager request status). */
export interface UploadOutcome {
	requestId: string;
	/** SUCCESS, PARTIAL_SUCCESS, FAILED, PROCESSING or REQUEST_STATUS_UNKNOWN. */
	status: string;
	/** Whether every destination reached a final status. */
	finished: boolean;
	destinations: Array<{
		accountId: string | null;
		audienceId: string | null;
		operation: string;
		status: string;
		recordCount: number | null;
		matchRate: { lowerPercent: number | null; upperPercent: number | null; range: string } | null;
		errorCount: number;
		errorsByReason: Record<string, number>;
		warningsByReason: Record<string, number>;
	}>;
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

export type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/** Ad Audience operations, by resource. */
export type AudienceOperation = 'create' | 'delete' | 'get' | 'getMany' | 'getStatus' | 'update';
export type UploadOperation = 'getUploadStatus';

/** The collections of the nodes that hold options of one platform only. */
export type SharedCollection = 'createOptions' | 'updateFields' | 'getManyFilters' | 'memberOptions';

/**
 * The node parameters only this platform has. The registry shows each of them only for its
 * platform, so a platform writes no `platform` display option of its own.
 */
export interface PlatformProperties {
	/** Right after Platform, in both nodes: how to connect (Google's Authentication). */
	connection: INodeProperties[];
	/** Ad Audience: account and audience parameters, shown per operation by their own display options. */
	audienceTarget: INodeProperties[];
	/** Ad Audience: fields of one operation, shown after the operation's shared fields. */
	audienceFields: Partial<Record<AudienceOperation | UploadOperation, INodeProperties[]>>;
	/** Audience Member: account and audience parameters. */
	memberTarget: INodeProperties[];
	/** Audience Member: the consent fields of Add and Replace All. */
	memberConsent: INodeProperties[];
	/** Options inside the nodes' shared collections. */
	collectionOptions: Partial<Record<SharedCollection, INodeProperties[]>>;
	/**
	 * Audience Sync Trigger: the account and the one-audience parameters (shown by the `watch`
	 * parameter: one, several, account), and fields of the platform's own events.
	 */
	triggerTarget: INodeProperties[];
	/** Audience Sync Trigger: the last parameters (the Options of statuses: minimum size). */
	triggerOptions: INodeProperties[];
}

export interface AudienceCreateInput {
	name: string;
	/** The create operation's Options collection (description, retention, membership duration). */
	options: IDataObject;
}

/** Audience operations of one platform, for item `i` of the Ad Audience node. */
export interface AudienceOperations {
	/** "An audience", "A user list": how the platform calls an audience, for messages. */
	audienceNoun: string;
	/** "ad account act_1", "Google Ads account 123": where the item's audiences live, for messages. */
	accountLabel(ctx: IExecuteFunctions, i: number): string;
	/** Audiences of the item's account with exactly this name. */
	findByName(ctx: IExecuteFunctions, i: number, name: string): Promise<IDataObject[]>;
	create(ctx: IExecuteFunctions, i: number, input: AudienceCreateInput): Promise<IDataObject>;
	get(ctx: IExecuteFunctions, i: number): Promise<IDataObject>;
	getMany(ctx: IExecuteFunctions, i: number, query: { limit?: number; filters: IDataObject }): Promise<IDataObject[]>;
	/** The platform's body for the Update Fields collection; empty when none of them applies. */
	updateBody(fields: IDataObject): IDataObject;
	update(ctx: IExecuteFunctions, i: number, body: IDataObject): Promise<IDataObject>;
	/** Deletes the item's audience and returns its ID. */
	delete(ctx: IExecuteFunctions, i: number): Promise<string>;
	getStatus(ctx: IExecuteFunctions, i: number): Promise<AudienceStatus>;
	/**
	 * The item's account against the platform's limit on audiences, `options` being the
	 * operation's Options collection (Audience Limit per Account); null when the platform
	 * documents no limit.
	 */
	accountLimit(ctx: IExecuteFunctions, i: number, options: IDataObject): Promise<AccountAudienceLimit | null>;
	/** Upload status of the whole input (Meta upload sessions, Google request status). */
	getUploadStatus(ctx: IExecuteFunctions): Promise<INodeExecutionData[]>;
	/**
	 * The node's account parameter as the platform's ID (item `i`; a trigger has no items and reads
	 * its own). Undefined when the platform can do without it and it is empty, unless `required`.
	 */
	accountOf(ctx: NodeContext, i: number, required: boolean): string | undefined;
	/** The node's one-audience parameter as the platform's ID (item `i`, or the trigger's own). */
	audienceOf(ctx: NodeContext, i: number): string;
	/** One audience's status, by ID: what Get Status reports and the trigger polls. */
	statusOf(ctx: NodeContext, ref: AudienceRef): Promise<AudienceStatus>;
	/** The status of every customer-list audience of the account. */
	accountStatuses(ctx: NodeContext, accountId: string): Promise<AudienceStatus[]>;
	/**
	 * What the platform made of an upload request, by the request ID an upload returned. Only
	 * platforms whose uploads are processed after they are accepted have it (Google).
	 */
	uploadOutcome?(ctx: NodeContext, accountId: string | undefined, requestId: string): Promise<UploadOutcome>;
}

export interface AudiencePlatform {
	name: AudiencePlatformName;
	displayName: string;
	/** The Platform option's description. */
	description: string;
	/** Credential types, with the display options that pick them (see platforms/index.ts). */
	credentials: INodeCredentialDescription[];
	properties: PlatformProperties;
	/** The identifiers the platform matches on; other identifier fields are hidden for it. */
	identifierKeys: ReadonlyArray<keyof ContactIdentifiers>;
	audiences: AudienceOperations;
	/** The member upload of Audience Member (Add, Remove, Replace All). */
	members(ctx: IExecuteFunctions, options: UploadOptions): MemberUploader<unknown, unknown>;
	/** Resource-locator list methods, by the name the properties refer to. */
	listSearch: Record<string, ListSearchMethod>;
}
