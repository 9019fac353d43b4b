import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectionOptions, platformOf } from '../../../shared/platforms';

const show = { operation: ['update'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: collectionOptions('updateFields', [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
			},
		]),
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { audiences } = platformOf(this, i);
	const body = audiences.updateBody(this.getNodeParameter('updateFields', i, {}) as IDataObject);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', { itemIndex: i });
	}
	return await audiences.update(this, i, body);
}
