// @ts-check
'use strict';

/**
 * Runs node classes inside n8n's own execution engine (n8n-core's WorkflowExecute), in-process,
 * the way n8n's NodeTestHarness does in the n8n monorepo: parameters are resolved by n8n,
 * required parameters are checked, credentials go through the credential's `authenticate`, HTTP
 * goes through n8n's request helpers, and output items carry n8n's pairedItem bookkeeping.
 * Used by the tests (with the TypeScript sources) and by the demo (with the built dist/).
 */

require('reflect-metadata');
const { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } = require('n8n-core');
const { ICredentialsHelper, NodeHelpers, Workflow } = require('n8n-workflow');

/** @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} Credentials */
/** @typedef {import('n8n-workflow').ICredentialType} CredentialType */
/** @typedef {import('n8n-workflow').INodeType | import('n8n-workflow').IVersionedNodeType} NodeType */
/** @typedef {import('n8n-workflow').INode} INode */
/** @typedef {import('n8n-workflow').IDataObject} IDataObject */

/**
 * @param {string} value
 * @param {Credentials} credentials
 */
function resolveCredentialTemplate(value, credentials) {
	if (!value.startsWith('=')) return value;
	return value
		.slice(1)
		.replace(/\{\{\s*\$credentials\??\.(\w+)\s*\}\}/g, (_m, /** @type {string} */ key) => String(credentials[key] ?? ''));
}

class TestCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {Record<string, CredentialType>} types
	 * @param {Record<string, Credentials>} credentials
	 */
	constructor(types, credentials) {
		super();
		this.types = types;
		this.credentials = credentials;
	}

	/** @returns {string[]} */
	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/**
	 * @param {Credentials} credentials
	 * @param {string} typeName
	 * @param {import('n8n-workflow').IHttpRequestOptions} requestOptions
	 * @returns {Promise<import('n8n-workflow').IHttpRequestOptions>}
	 */
	async authenticate(credentials, typeName, requestOptions) {
		const type = this.types[typeName];
		if (!type) throw new Error(`unknown credential type ${typeName}`);
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		if (type.authenticate?.type === 'generic') {
			/** @type {Record<string, string>} */
			const headers = { ...(/** @type {Record<string, string>} */ (requestOptions.headers ?? {})) };
			for (const [key, value] of Object.entries(type.authenticate.properties.headers ?? {})) {
				headers[key] = resolveCredentialTemplate(String(value), credentials);
			}
			return { ...requestOptions, headers };
		}
		return requestOptions;
	}

	/** @returns {Promise<Credentials | undefined>} */
	async preAuthentication() {
		return undefined;
	}

	/** @returns {Promise<Credentials | undefined>} */
	async runPreAuthentication() {
		return undefined;
	}

	/** @returns {Promise<never>} */
	async getCredentials() {
		throw new Error('not used by these nodes');
	}

	/**
	 * @param {unknown} _additionalData
	 * @param {unknown} _nodeCredentials
	 * @param {string} type
	 */
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		const found = this.credentials[type];
		if (!found) throw new Error(`No credentials of type ${type} for this run`);
		return found;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	/** @returns {[]} */
	getCredentialsProperties() {
		return [];
	}
}

/**
 * @param {Record<string, NodeType>} nodeClasses keyed by full type name
 * @returns {import('n8n-workflow').INodeTypes}
 */
function nodeTypesOf(nodeClasses) {
	/** @param {string} type */
	const find = (type) => {
		const node = nodeClasses[type];
		if (!node) throw new Error(`Unrecognized node type: ${type}`);
		return node;
	};
	return /** @type {import('n8n-workflow').INodeTypes} */ ({
		getByName: find,
		getByNameAndVersion: (/** @type {string} */ type, /** @type {number | undefined} */ version) =>
			NodeHelpers.getVersionedNodeType(find(type), version),
		getKnownTypes: () => ({}),
	});
}

/**
 * @param {{ nodes: Record<string, NodeType>, credentials: Record<string, CredentialType> }} registry
 */
function createEngine(registry) {
	const nodeTypes = nodeTypesOf(registry.nodes);

	/**
	 * @param {INode} node
	 * @param {Record<string, Credentials>} credentials
	 * @param {import('n8n-core').ExecutionLifecycleHooks} [hooks]
	 */
	function additionalDataFor(node, credentials, hooks) {
		return /** @type {import('n8n-workflow').IWorkflowExecuteAdditionalData} */ (
			/** @type {unknown} */ ({
				executionId: 'local-execution',
				hooks,
				credentialsHelper: new TestCredentialsHelper(registry.credentials, credentials),
				webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
				formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
				restApiUrl: 'http://127.0.0.1/rest',
				instanceBaseUrl: 'http://127.0.0.1/',
				variables: {},
				currentNodeExecutionIndex: 0,
				currentNodeParameters: node.parameters,
			})
		);
	}

	/**
	 * @param {{ type: string, parameters: IDataObject, credentials: Record<string, Credentials>, name?: string, continueOnFail?: boolean }} options
	 * @returns {INode}
	 */
	function nodeFor(options) {
		return {
			id: 'node-under-test',
			name: options.name ?? 'Under Test',
			type: options.type,
			typeVersion: 1,
			position: [0, 0],
			parameters: /** @type {INode['parameters']} */ (options.parameters),
			credentials: Object.fromEntries(
				Object.keys(options.credentials).map((type) => [type, { id: `cred-${type}`, name: type }]),
			),
			...(options.continueOnFail ? { onError: /** @type {const} */ ('continueRegularOutput') } : {}),
		};
	}

	/**
	 * Runs one node on the given input items, in n8n's engine.
	 * @param {{ type: string, parameters: IDataObject, input?: IDataObject[], credentials: Record<string, Credentials>,
	 *   mode?: import('n8n-workflow').WorkflowExecuteMode, continueOnFail?: boolean, name?: string }} options
	 */
	async function runNode(options) {
		const node = nodeFor(options);
		const workflow = new Workflow({
			id: 'local-workflow',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: false,
			settings: {},
		});
		const hooks = new ExecutionLifecycleHooks(
			'trigger',
			'local-execution',
			/** @type {any} */ ({ id: 'local-workflow', name: 'local', nodes: [node], connections: {}, active: false }),
		);
		/** @type {(run: import('n8n-workflow').IRun) => void} */
		let resolveRun = () => {};
		/** @type {Promise<import('n8n-workflow').IRun>} */
		const finished = new Promise((resolve) => {
			resolveRun = resolve;
		});
		hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

		const runExecutionData = /** @type {import('n8n-workflow').IRunExecutionData} */ (
			/** @type {unknown} */ ({
				startData: {},
				resultData: { runData: {} },
				executionData: {
					contextData: {},
					metadata: {},
					nodeExecutionStack: [
						{ node, data: { main: [(options.input ?? [{}]).map((json) => ({ json }))] }, source: null },
					],
					waitingExecution: {},
					waitingExecutionSource: {},
				},
			})
		);
		const execute = new WorkflowExecute(
			additionalDataFor(node, options.credentials, hooks),
			options.mode ?? 'manual',
			runExecutionData,
		);
		await execute.processRunExecutionData(workflow);
		const run = await finished;
		const taskData = run.data.resultData.runData[node.name]?.[0];
		const items = taskData?.data?.main?.[0] ?? [];
		const error = /** @type {(Error & { description?: string, httpCode?: string, context?: IDataObject }) | undefined} */ (
			taskData?.error ?? run.data.resultData.error
		);
		return { run, items, error };
	}

	/**
	 * Calls a node's listSearch method the way the editor does for a resource locator's list.
	 * @param {{ type: string, parameters: IDataObject, credentials: Record<string, Credentials>, method: string, filter?: string, paginationToken?: string }} options
	 */
	async function listSearch(options) {
		const node = nodeFor(options);
		const workflow = new Workflow({ id: 'local-workflow', nodes: [node], connections: {}, nodeTypes, active: false });
		const context = new LoadOptionsContext(workflow, node, additionalDataFor(node, options.credentials), 'parameters');
		const nodeType = /** @type {import('n8n-workflow').INodeType} */ (nodeTypes.getByNameAndVersion(options.type, 1));
		const method = nodeType.methods?.listSearch?.[options.method];
		if (!method) throw new Error(`No listSearch method ${options.method}`);
		return await method.call(context, options.filter, options.paginationToken);
	}

	/**
	 * Sends a credential's `test` request the way n8n's credential tester does: templates in the
	 * request resolved from the credential, then the credential's `authenticate` applied.
	 * @param {string} typeName
	 * @param {Credentials} credentials
	 */
	async function testCredential(typeName, credentials) {
		const type = registry.credentials[typeName];
		const request = type?.test?.request;
		if (!request) throw new Error(`credential ${typeName} has no test request`);
		const baseURL = resolveExpressionString(String(request.baseURL ?? ''), credentials);
		const url = resolveExpressionString(String(request.url ?? ''), credentials);
		const helper = new TestCredentialsHelper(registry.credentials, { [typeName]: credentials });
		const options = await helper.authenticate(credentials, typeName, {
			url: `${baseURL}${url}`,
			method: request.method ?? 'GET',
			qs: /** @type {IDataObject} */ (request.qs ?? {}),
			headers: /** @type {IDataObject} */ (request.headers ?? {}),
		});
		const target = new URL(options.url);
		for (const [key, value] of Object.entries(options.qs ?? {})) target.searchParams.set(key, String(value));
		const response = await fetch(target, {
			method: options.method ?? 'GET',
			headers: /** @type {Record<string, string>} */ (options.headers ?? {}),
		});
		return { status: response.status, body: await response.json().catch(() => null) };
	}

	return { runNode, listSearch, testCredential, nodeTypes };
}

/**
 * Resolves an n8n expression string (`={{ ... }}` parts) against `$credentials`, using n8n's own
 * expression evaluator, like the credential tester does.
 * @param {string} value
 * @param {Credentials} credentials
 */
function resolveExpressionString(value, credentials) {
	if (!value.startsWith('=')) return value;
	const node = /** @type {INode} */ ({ id: 'x', name: 'x', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} });
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: /** @type {any} */ ({ getByNameAndVersion: () => ({ description: { properties: [] } }) }),
	});
	return String(
		workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			/** @type {any} */ ({ $credentials: credentials }),
			undefined,
			'',
		),
	);
}

module.exports = { createEngine };
