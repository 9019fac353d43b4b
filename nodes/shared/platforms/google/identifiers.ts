export { buildGoogleMember, GOOGLE_MAX_IDENTIFIERS_PER_MEMBER } from '../../identifiers';
export type { GoogleUserIdentifier } from '../../identifiers';
