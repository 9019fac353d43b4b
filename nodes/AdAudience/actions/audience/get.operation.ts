import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { platformOf } from '../../../shared/platforms';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await platformOf(this, i).audiences.get(this, i);
}
