import type { IBinaryData, ICredentialDataDecryptedObject, IDataObject, INodeListSearchResult } from 'n8n-workflow';

import { AudienceSyncN8nApi } from '../../credentials/AudienceSyncN8nApi.credentials';
import { GoogleDataManagerOAuth2Api } from '../../credentials/GoogleDataManagerOAuth2Api.credentials';
import { GoogleDataManagerServiceAccountApi } from '../../credentials/GoogleDataManagerServiceAccountApi.credentials';
import { MetaAdsApi } from '../../credentials/MetaAdsApi.credentials';
import { AdAudience } from '../../nodes/AdAudience/AdAudience.node';
import { AudienceMember } from '../../nodes/AudienceMember/AudienceMember.node';
import { AudienceSyncTrigger } from '../../nodes/AudienceSyncTrigger/AudienceSyncTrigger.node';
import { createEngine, storeBinary } from '../../scripts/lib/engine';
import { findPersonalData, findSecrets, personalValuesOf, secretsOf } from '../../scripts/lib/leaks';

export const PACKAGE = 'n8n-nodes-audience-sync';

/** n8n's engine with this package's node and credential classes, loaded from the sources. */
const engine = createEngine({
	nodes: {
		[`${PACKAGE}.adAudience`]: new AdAudience(),
		[`${PACKAGE}.audienceMember`]: new AudienceMember(),
		[`${PACKAGE}.audienceSyncTrigger`]: new AudienceSyncTrigger(),
	},
	credentials: {
		metaAdsApi: new MetaAdsApi(),
		audienceSyncN8nApi: new AudienceSyncN8nApi(),
		googleDataManagerOAuth2Api: new GoogleDataManagerOAuth2Api(),
		googleDataManagerServiceAccountApi: new GoogleDataManagerServiceAccountApi(),
	},
	// n8n resolves `extends` chains; the OAuth2 credential then takes n8n's OAuth2 request path.
	parents: { googleDataManagerOAuth2Api: ['googleOAuth2Api', 'oAuth2Api'] },
});

export type CredentialStore = ReturnType<typeof engine.credentialStore>;
export const credentialStore = engine.credentialStore;

export interface RunNodeOptions {
	/** Node type without the package prefix, e.g. `adAudience`. */
	type: string;
	parameters: IDataObject;
	input?: IDataObject[];
	credentials: Record<string, ICredentialDataDecryptedObject> | CredentialStore;
	continueOnFail?: boolean;
	typeVersion?: number;
	/** The workflow's saved static data: updated in place by production (non-manual) runs. */
	staticData?: IDataObject;
	mode?: 'manual' | 'trigger' | 'webhook';
	workflowId?: string;
	/** The input items' binary data, by item (see `csvFile`). */
	binary?: Array<Record<string, IBinaryData> | undefined>;
}

/** A CSV file stored as n8n stores binary data (filesystem mode), for an input item's `binary`. */
export async function csvFile(text: string | Buffer, fileName = 'contacts.csv'): Promise<IBinaryData> {
	return await storeBinary(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, { fileName, mimeType: 'text/csv' });
}

/**
 * Runs one node in n8n's engine. Every run of every suite is then scanned: no secret of its
 * credentials (tokens, app secret, client secret, refresh token, private key) in its output items,
 * error message, error description or stored static data; and, unless the node was asked to
 * include the input data, no raw e-mail, phone or name of the input in what it wrote.
 */
export async function runNode(options: RunNodeOptions) {
	const result = await engine.runNode({ ...options, type: `${PACKAGE}.${options.type}` });
	expectNoLeaks(options, result);
	return result;
}

function expectNoLeaks(options: RunNodeOptions, result: Awaited<ReturnType<typeof engine.runNode>>): void {
	const store = options.credentials as Partial<CredentialStore>;
	// Read after the run: a token obtained during it is kept with the credential.
	const stored = (store.credentials ?? options.credentials) as Record<string, Record<string, unknown>>;
	const written = {
		items: result.items.map((item) => item.json),
		error: result.error ? { message: result.error.message, description: result.error.description } : null,
		staticData: options.staticData ?? null,
	};
	expect({ secretsFound: findSecrets(JSON.stringify(written), secretsOf(Object.values(stored))) }).toEqual({ secretsFound: [] });
	const options_ = (options.parameters.options ?? {}) as IDataObject;
	if (options_.includeInputData === true) return;
	const personal = personalValuesOf(options.input ?? []);
	expect({ personalDataWritten: findPersonalData(written, personal) }).toEqual({ personalDataWritten: [] });
}

/**
 * A polling trigger of an active workflow: `poll()` runs one production poll; the workflow's
 * static data lives across polls in `staticData`. Its test event is `runNode` with mode `manual`.
 */
export function poller(options: {
	type: string;
	parameters: IDataObject;
	credentials: Record<string, ICredentialDataDecryptedObject> | CredentialStore;
	staticData?: IDataObject;
}) {
	return engine.poller({ ...options, type: `${PACKAGE}.${options.type}` });
}

export async function listSearch(options: {
	type: string;
	method: string;
	parameters: IDataObject;
	credentials: Record<string, ICredentialDataDecryptedObject> | CredentialStore;
	filter?: string;
	paginationToken?: string;
}): Promise<INodeListSearchResult> {
	return await engine.listSearch({ ...options, type: `${PACKAGE}.${options.type}` });
}

export const testCredential = engine.testCredential;
