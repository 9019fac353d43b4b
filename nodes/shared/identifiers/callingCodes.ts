/** Phone numbering facts beside the country table (countries.ts). */

/**
 * National number lengths for numbers that do NOT start with 0 in countries whose fixed-line
 * numbers all start with a kept 0 (there, only mobile numbers are written without it). Used to
 * tell a national mobile number from an international one written without '+'.
 */
export const NON_ZERO_NATIONAL_LENGTHS: Readonly<Record<string, readonly number[]>> = {
	IT: [9, 10],
	VA: [9, 10],
	SM: [8],
};

/**
 * Calling codes that belong to no ISO 3166-1 country: non-geographic services (+800 freephone,
 * +808, +870 Inmarsat, +878, +881 and +882/+883 global services, +888, +979) and Ascension
 * Island (+247, exceptionally reserved code AC).
 */
export const EXTRA_CALLING_CODES: readonly string[] = ['800', '808', '870', '878', '881', '882', '883', '888', '979', '247'];
