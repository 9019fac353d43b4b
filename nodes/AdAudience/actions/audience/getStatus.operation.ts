import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { platformOf } from '../../../shared/platforms';

export const description: INodeProperties[] = [];

/** The audience's status in the shape both platforms share (see platforms/types.ts). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return (await platformOf(this, i).audiences.getStatus(this, i)) as unknown as IDataObject;
}
