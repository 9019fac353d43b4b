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
const { BinaryDataService, ExecuteContext, ExecutionLifecycleHooks, LoadOptionsContext, PollContext, RoutingNode, WorkflowExecute } = require('n8n-core');
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

/**
 * Holds the run's decrypted credentials and behaves like n8n's CredentialsHelper where it matters
 * to these nodes: `authenticate`, `preAuthentication` (token exchange, kept until empty or
 * expired), OAuth2 token updates, and parent types (OAuth2 credentials take n8n's OAuth2 path).
 */
class TestCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {Record<string, CredentialType>} types
	 * @param {Record<string, Credentials>} credentials stored credentials; updated like n8n's database
	 * @param {Record<string, string[]>} [parents]
	 */
	constructor(types, credentials, parents = {}) {
		super();
		this.types = types;
		this.credentials = credentials;
		this.parents = parents;
		/** How many times a credential's preAuthentication ran (token exchanges). */
		this.preAuthenticationCalls = 0;
	}

	/** @param {string} name */
	getParentTypes(name) {
		return this.parents[name] ?? [];
	}

	/**
	 * n8n's rule: run the credential's preAuthentication when its expirable hidden property is
	 * empty or the API said the credentials expired, then keep the result with the credential.
	 * @param {import('n8n-workflow').IHttpRequestHelper} helpers
	 * @param {Credentials} credentials
	 * @param {string} typeName
	 * @param {INode} _node
	 * @param {boolean} credentialsExpired
	 * @returns {Promise<Credentials | undefined>}
	 */
	async preAuthentication(helpers, credentials, typeName, _node, credentialsExpired) {
		const type = this.types[typeName];
		if (!type || typeof type.preAuthentication !== 'function') return undefined;
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable) return undefined;
		if (credentials[expirable.name] && !credentialsExpired) return undefined;
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) {
			throw new Error(`preAuthentication of ${typeName} did not return ${expirable.name}`);
		}
		const updated = { ...credentials, .../** @type {Credentials} */ (output) };
		this.credentials[typeName] = updated;
		return updated;
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

	/**
	 * @param {unknown} _nodeCredentials
	 * @param {string} type
	 * @param {Credentials} data
	 */
	async updateCredentialsOauthTokenData(_nodeCredentials, type, data) {
		this.credentials[type] = { ...this.credentials[type], oauthTokenData: data.oauthTokenData };
	}

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
 * @param {{ nodes: Record<string, NodeType>, credentials: Record<string, CredentialType>, parents?: Record<string, string[]> }} registry
 */
function createEngine(registry) {
	const nodeTypes = nodeTypesOf(registry.nodes);

	/**
	 * @param {INode} node
	 * @param {Record<string, Credentials> | TestCredentialsHelper} credentials
	 * @param {import('n8n-core').ExecutionLifecycleHooks} [hooks]
	 */
	function additionalDataFor(node, credentials, hooks) {
		return /** @type {import('n8n-workflow').IWorkflowExecuteAdditionalData} */ (
			/** @type {unknown} */ ({
				executionId: 'local-execution',
				hooks,
				credentialsHelper:
					credentials instanceof TestCredentialsHelper
						? credentials
						: new TestCredentialsHelper(registry.credentials, credentials, registry.parents),
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
	 * Version 1 unless `typeVersion` says otherwise (most suites were written against version 1).
	 * @param {{ type: string, parameters: IDataObject, credentials: Record<string, Credentials> | TestCredentialsHelper, name?: string, continueOnFail?: boolean, typeVersion?: number }} options
	 * @returns {INode}
	 */
	function nodeFor(options) {
		const types = Object.keys(
			options.credentials instanceof TestCredentialsHelper ? options.credentials.credentials : options.credentials,
		);
		return {
			id: 'node-under-test',
			name: options.name ?? 'Under Test',
			type: options.type,
			typeVersion: options.typeVersion ?? 1,
			position: [0, 0],
			parameters: /** @type {INode['parameters']} */ (options.parameters),
			credentials: Object.fromEntries(types.map((type) => [type, { id: `cred-${type}`, name: type }])),
			...(options.continueOnFail ? { onError: /** @type {const} */ ('continueRegularOutput') } : {}),
		};
	}

	/**
	 * Runs one node on the given input items, in n8n's engine.
	 * @param {{ type: string, parameters: IDataObject, input?: IDataObject[], credentials: Record<string, Credentials> | TestCredentialsHelper,
	 *   mode?: import('n8n-workflow').WorkflowExecuteMode, continueOnFail?: boolean, name?: string, staticData?: IDataObject, workflowId?: string,
	 *   binary?: Array<Record<string, import('n8n-workflow').IBinaryData> | undefined> }} options binary: the input items' binary data, by item
	 */
	async function runNode(options) {
		const node = nodeFor(options);
		const workflow = new Workflow({
			id: options.workflowId ?? 'local-workflow',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: false,
			settings: {},
			// The workflow's saved static data, as n8n loads it for each execution.
			staticData: options.staticData ? JSON.parse(JSON.stringify(options.staticData)) : undefined,
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
						{ node, data: { main: [(options.input ?? [{}]).map((json, i) => (options.binary?.[i] ? { json, binary: options.binary[i] } : { json }))] }, source: null },
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
		// Like n8n: static data is written back after a production execution only, the whole object.
		if (options.staticData && (options.mode ?? 'manual') !== 'manual') {
			const changed = /** @type {IDataObject} */ (JSON.parse(JSON.stringify(workflow.staticData)));
			delete changed.__dataChanged;
			for (const key of Object.keys(options.staticData)) delete options.staticData[key];
			Object.assign(options.staticData, changed);
		}
		// Whether the node changed the workflow's static data in this run, saved or not (n8n's flag).
		const staticDataChanged = /** @type {IDataObject} */ (workflow.staticData).__dataChanged === true;
		const taskData = run.data.resultData.runData[node.name]?.[0];
		const items = taskData?.data?.main?.[0] ?? [];
		const error = /** @type {(Error & { description?: string, httpCode?: string, context?: IDataObject }) | undefined} */ (
			taskData?.error ?? run.data.resultData.error
		);
		return { run, items, error, staticDataChanged };
	}

	/**
	 * A polling trigger of an active workflow, polled the way n8n's poll executor does it: each
	 * `poll()` calls the node's `poll` with n8n-core's PollContext (mode `trigger`, activation `activate`)
	 * on the workflow whose static data the previous polls left, as n8n keeps it with the active
	 * workflow. A poll that throws leaves the static data as it was. "Fetch Test Event" is a manual
	 * execution: `runNode` with mode `manual` (n8n-core's WorkflowExecute polls the node itself).
	 * @param {{ type: string, parameters: IDataObject, credentials: Record<string, Credentials> | TestCredentialsHelper, name?: string, staticData?: IDataObject, workflowId?: string }} options
	 */
	function poller(options) {
		const node = nodeFor(options);
		const credentials =
			options.credentials instanceof TestCredentialsHelper
				? options.credentials
				: new TestCredentialsHelper(registry.credentials, options.credentials, registry.parents);
		/** @type {IDataObject} the workflow's static data between polls */
		const staticData = options.staticData ?? {};
		const nodeType = /** @type {import('n8n-workflow').INodeType} */ (nodeTypes.getByNameAndVersion(node.type, 1));
		if (typeof nodeType.poll !== 'function') throw new Error(`${node.type} has no poll function`);
		const poll = nodeType.poll;

		/** @returns {Promise<{ emitted: boolean, items: import('n8n-workflow').INodeExecutionData[] }>} */
		async function pollOnce() {
			const workflow = new Workflow({
				id: options.workflowId ?? 'local-workflow',
				nodes: [node],
				connections: {},
				nodeTypes,
				active: true,
				settings: {},
				staticData: JSON.parse(JSON.stringify(staticData)),
			});
			const context = new PollContext(workflow, node, additionalDataFor(node, credentials), 'trigger', 'activate');
			const result = await poll.call(context);
			const changed = /** @type {IDataObject} */ (JSON.parse(JSON.stringify(workflow.staticData)));
			delete changed.__dataChanged;
			for (const key of Object.keys(staticData)) delete staticData[key];
			Object.assign(staticData, changed);
			return { emitted: result !== null, items: result?.[0] ?? [] };
		}

		return { poll: pollOnce, staticData, node, credentials };
	}

	/**
	 * Calls a node's listSearch method the way the editor does for a resource locator's list.
	 * @param {{ type: string, parameters: IDataObject, credentials: Record<string, Credentials> | TestCredentialsHelper, method: string, filter?: string, paginationToken?: string }} options
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
	 * Tests a credential exactly the way n8n's credential tester does for a `test` request: a
	 * temporary node whose only parameter routes that request, run by n8n-core's RoutingNode,
	 * so expressions are resolved by n8n and the credential's preAuthentication and
	 * authenticate (or n8n's OAuth2 signing) apply. Non-2xx answers fail the test.
	 * @param {string} typeName
	 * @param {Credentials | TestCredentialsHelper} credentials
	 * @returns {Promise<{ status: 'OK' | 'Error', message: string, httpStatus?: number }>}
	 */
	async function testCredential(typeName, credentials) {
		const type = registry.credentials[typeName];
		const request = type?.test?.request;
		if (!request) throw new Error(`credential ${typeName} has no test request`);
		const store =
			credentials instanceof TestCredentialsHelper
				? credentials
				: new TestCredentialsHelper(registry.credentials, { [typeName]: credentials }, registry.parents);
		const testType = 'credential-test.noOp';
		/** @type {INode} */
		const node = {
			id: 'temp',
			name: 'Temp-Node',
			type: testType,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { [typeName]: { id: `cred-${typeName}`, name: typeName } },
		};
		const nodeType = /** @type {import('n8n-workflow').INodeType} */ ({
			description: {
				displayName: 'Temp',
				name: testType,
				group: ['transform'],
				version: 1,
				description: '',
				defaults: {},
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: typeName, required: true }],
				properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request }, default: '' }],
			},
		});
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: nodeTypesOf({ [testType]: nodeType }),
		});
		const context = new ExecuteContext(
			workflow,
			node,
			additionalDataFor(node, store),
			'internal',
			/** @type {import('n8n-workflow').IRunExecutionData} */ (/** @type {unknown} */ ({ resultData: { runData: {} } })),
			0,
			[],
			{ main: [[{ json: {} }]] },
			{ node, data: {}, source: null },
			[],
		);
		const routingNode = new RoutingNode(context, nodeType, {
			id: `cred-${typeName}`,
			name: typeName,
			type: typeName,
			data: store.credentials[typeName],
		});
		// The verdict follows n8n's CredentialsTester: `responseCode` rules on an HTTP error, then
		// its status text; `responseSuccessBody` rules (in order) on an answer.
		const rules = /** @type {any[]} */ (type.test?.rules ?? []);
		let response;
		try {
			response = await routingNode.runNode();
		} catch (error) {
			const e = /** @type {any} */ (error);
			const httpStatus = e?.cause?.response?.status ?? (e?.httpCode ? Number(e.httpCode) : undefined);
			const rule = rules.find((r) => r.type === 'responseCode' && r.properties.value === httpStatus);
			if (rule) return { status: 'Error', message: rule.properties.message, httpStatus };
			const statusText = e?.cause?.response?.statusText;
			return { status: 'Error', message: String(statusText || e?.message || error), httpStatus };
		}
		const body = response?.[0]?.[0]?.json ?? {};
		for (const rule of rules) {
			if (rule.type !== 'responseSuccessBody') continue;
			const value = String(rule.properties.key)
				.split('.')
				.reduce((/** @type {any} */ at, part) => (at == null ? undefined : at[part]), body);
			if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	/**
	 * A credential store that lives across runs, like n8n's database: tokens obtained by
	 * preAuthentication or OAuth2 refreshes are kept in it.
	 * @param {Record<string, Credentials>} credentials
	 */
	function credentialStore(credentials) {
		return new TestCredentialsHelper(registry.credentials, { ...credentials }, registry.parents);
	}

	return { runNode, poller, listSearch, testCredential, credentialStore, nodeTypes };
}

/** @type {Promise<import('n8n-core').BinaryDataService> | undefined} */
let binaryData;

/**
 * Stores a file the way n8n 2.x keeps binary data (filesystem mode, under N8N_USER_FOLDER), for an
 * input item's `binary`: nodes read it back with getBinaryStream, as in n8n.
 * @param {Buffer | import('node:stream').Readable} content
 * @param {{ fileName: string, mimeType: string }} meta
 * @returns {Promise<import('n8n-workflow').IBinaryData>}
 */
async function storeBinary(content, meta) {
	binaryData ??= (async () => {
		// n8n-core's own container: its services are registered there.
		const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }));
		const service = Container.get(BinaryDataService);
		await service.init();
		return service;
	})();
	const service = await binaryData;
	return await service.store({ type: 'execution', workflowId: 'local-workflow', executionId: 'local-execution' }, content, { ...meta, data: '' });
}

module.exports = { createEngine, TestCredentialsHelper, storeBinary };
