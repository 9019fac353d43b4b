import { checkDigest } from './hash';
import { accept, reject, type Normalized } from './types';

const GENDERS: ReadonlyMap<string, string> = new Map([
	['m', 'm'],
	['male', 'm'],
	['f', 'f'],
	['female', 'f'],
]);

/** Meta GEN: m / male / f / female (any case) → 'm' / 'f'. Anything else is rejected, never guessed. */
export function normalizeGender(raw: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_gender');
	if (digest) return digest;
	const gender = GENDERS.get(value.toLowerCase());
	if (gender === undefined) {
		return reject('invalid_gender', 'gender must be m, male, f or female');
	}
	return accept(gender);
}
