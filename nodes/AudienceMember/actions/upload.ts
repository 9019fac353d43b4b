import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { contactSourceOf } from '../../shared/members/csvInput';
import { runUpload } from '../../shared/members/pipeline';
import type { MemberOperation, UploadOptions } from '../../shared/members/types';
import { platformOf } from '../../shared/platforms';
import { identifierMapping } from './fields.description';

/** Add, Remove and Replace All: the chosen platform's uploader through the shared pipeline. */
export async function executeUpload(this: IExecuteFunctions, operation: MemberOperation): Promise<INodeExecutionData[][]> {
	const platform = platformOf(this, 0);
	const options = this.getNodeParameter('options', 0, {}) as UploadOptions;
	return await runUpload(this, platform.members(this, options), {
		operation,
		options,
		mappedFields: identifierMapping(this, platform),
		exclusionField: (this.getNodeParameter('exclusionField', 0, '') as string).trim(),
		source: contactSourceOf(this),
	});
}
