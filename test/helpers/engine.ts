import type { ICredentialDataDecryptedObject, IDataObject, INodeListSearchResult } from 'n8n-workflow';

import { MetaAdsApi } from '../../credentials/MetaAdsApi.credentials';
import { AdAudience } from '../../nodes/AdAudience/AdAudience.node';
import { AudienceMember } from '../../nodes/AudienceMember/AudienceMember.node';
import { createEngine } from '../../scripts/lib/engine';

export const PACKAGE = 'n8n-nodes-audience-sync';

/** n8n's engine with this package's node and credential classes, loaded from the sources. */
const engine = createEngine({
	nodes: {
		[`${PACKAGE}.adAudience`]: new AdAudience(),
		[`${PACKAGE}.audienceMember`]: new AudienceMember(),
	},
	credentials: { metaAdsApi: new MetaAdsApi() },
});

export interface RunNodeOptions {
	/** Node type without the package prefix, e.g. `adAudience`. */
	type: string;
	parameters: IDataObject;
	input?: IDataObject[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
}

export async function runNode(options: RunNodeOptions) {
	return await engine.runNode({ ...options, type: `${PACKAGE}.${options.type}` });
}

export async function listSearch(options: {
	type: string;
	method: string;
	parameters: IDataObject;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	filter?: string;
	paginationToken?: string;
}): Promise<INodeListSearchResult> {
	return await engine.listSearch({ ...options, type: `${PACKAGE}.${options.type}` });
}

export const testCredential = engine.testCredential;
