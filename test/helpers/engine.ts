/**
 * Runs the package's real node classes inside n8n's own execution engine (n8n-core's
 * WorkflowExecute), in-process, the way n8n's NodeTestHarness does in the n8n monorepo:
 * parameters are resolved by n8n, credentials go through the credential's `authenticate`, HTTP
 * goes through n8n's request helpers, and output items carry n8n's pairedItem bookkeeping.
 */
import 'reflect-metadata';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { MetaAdsApi } from '../../credentials/MetaAdsApi.credentials';
import { AdAudience } from '../../nodes/AdAudience/AdAudience.node';
import { AudienceMember } from '../../nodes/AudienceMember/AudienceMember.node';

export const PACKAGE = 'n8n-nodes-audience-sync';

const nodeClasses: Record<string, INodeType | IVersionedNodeType> = {
	[`${PACKAGE}.adAudience`]: new AdAudience(),
	[`${PACKAGE}.audienceMember`]: new AudienceMember(),
};

const credentialClasses: Record<string, ICredentialType> = {
	metaAdsApi: new MetaAdsApi(),
};

export function registerNodeType(type: string, node: INodeType | IVersionedNodeType): void {
	nodeClasses[type] = node;
}

export function registerCredentialType(credential: ICredentialType): void {
	credentialClasses[credential.name] = credential;
}

export function credentialType(name: string): ICredentialType {
	const type = credentialClasses[name];
	if (!type) throw new Error(`unknown credential type ${name}`);
	return type;
}

const nodeTypes: INodeTypes = {
	getByName: (type) => {
		const node = nodeClasses[type];
		if (!node) throw new Error(`Unrecognized node type: ${type}`);
		return node;
	},
	getByNameAndVersion: (type, version) => {
		const node = nodeClasses[type];
		if (!node) throw new Error(`Unrecognized node type: ${type}`);
		return NodeHelpers.getVersionedNodeType(node, version);
	},
	getKnownTypes: () => ({}),
} as INodeTypes;

/** Resolves `={{$credentials.x}}` templates the way n8n does for the simple forms used here. */
function resolveCredentialTemplate(value: string, credentials: ICredentialDataDecryptedObject): string {
	if (!value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*\$credentials\??\.(\w+)\s*\}\}/g, (_m, key: string) =>
		String(credentials[key] ?? ''),
	);
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = credentialType(typeName);
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions);
		}
		if (type.authenticate?.type === 'generic') {
			const headers = { ...(requestOptions.headers ?? {}) };
			for (const [key, value] of Object.entries(type.authenticate.properties.headers ?? {})) {
				headers[key] = resolveCredentialTemplate(String(value), credentials);
			}
			return { ...requestOptions, headers };
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const found = this.credentials[type];
		if (!found) throw new Error(`No test credentials for ${type}`);
		return found;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): [] {
		return [];
	}
}

export interface RunNodeOptions {
	/** Node type without the package prefix, e.g. `adAudience`. */
	type: string;
	parameters: IDataObject;
	/** Items fed to the node's input. */
	input?: IDataObject[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	mode?: WorkflowExecuteMode;
	continueOnFail?: boolean;
	name?: string;
}

export interface RunNodeResult {
	run: IRun;
	/** Output items of the node's first output, with pairedItem kept. */
	items: INodeExecutionData[];
	/** The error the node raised, if the execution failed. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const name = options.name ?? 'Under Test';
	const node: INode = {
		id: 'node-under-test',
		name,
		type: `${PACKAGE}.${options.type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: Object.fromEntries(
			Object.keys(options.credentials).map((type) => [type, { id: `cred-${type}`, name: type }]),
		),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks('trigger', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let resolveRun!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => {
		resolveRun = resolve;
	});
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

	const additionalData = {
		executionId: 'test-execution',
		hooks,
		credentialsHelper: new TestCredentialsHelper(options.credentials),
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		variables: {},
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData: IRunExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{
					node,
					data: { main: [(options.input ?? [{}]).map((json) => ({ json }))] },
					source: null,
				},
			],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	const execute = new WorkflowExecute(additionalData, options.mode ?? 'manual', runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await finished;
	const taskData = run.data.resultData.runData[name]?.[0];
	const items = taskData?.data?.main?.[0] ?? [];
	const error = (taskData?.error ?? run.data.resultData.error) as RunNodeResult['error'];
	return { run, items, error };
}
