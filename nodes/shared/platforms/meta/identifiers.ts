export { buildMetaRow, META_HASHED_KEYS, META_SCHEMA_ORDER } from '../../identifiers';
export type { MetaRowResult, MetaSchemaKey } from '../../identifiers';
