import { checkDigest } from './hash';
import { accept, reject, type Normalized } from './types';

const MIN_YEAR = 1900;
const YEAR_RE = /^\d{4}$/;
const ONE_OR_TWO_DIGITS_RE = /^\d{1,2}$/;
const TRAILING_DOT_RE = /\.$/;
const TWO_DIGITS: readonly string[] = Array.from({ length: 32 }, (_, n) =>
	String(n).padStart(2, '0'),
);

const MONTHS: ReadonlyMap<string, number> = (() => {
	const names = [
		['january', 'jan'],
		['february', 'feb'],
		['march', 'mar'],
		['april', 'apr'],
		['may'],
		['june', 'jun'],
		['july', 'jul'],
		['august', 'aug'],
		['september', 'sep', 'sept'],
		['october', 'oct'],
		['november', 'nov'],
		['december', 'dec'],
	];
	const map = new Map<string, number>();
	names.forEach((forms, index) => forms.forEach((form) => map.set(form, index + 1)));
	return map;
})();

function currentYear(): number {
	return new Date().getUTCFullYear();
}

/** Meta DOBY: 'YYYY', 1900 up to the current year (UTC). */
export function normalizeBirthYear(raw: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_birth_year');
	if (digest) return digest;
	if (!YEAR_RE.test(value))
		return reject('invalid_birth_year', 'birth year must be four digits (YYYY)');
	const year = Number(value);
	if (year < MIN_YEAR || year > currentYear()) {
		return reject('invalid_birth_year', 'birth year must be between 1900 and the current year');
	}
	return accept(value);
}

/** Meta DOBM: '01'–'12', from '4', '04', or an English month name / abbreviation ('April', 'Apr.'). */
export function normalizeBirthMonth(raw: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_birth_month');
	if (digest) return digest;
	let month: number | undefined;
	if (ONE_OR_TWO_DIGITS_RE.test(value)) month = Number(value);
	else month = MONTHS.get(value.toLowerCase().replace(TRAILING_DOT_RE, ''));
	if (month === undefined || month < 1 || month > 12) {
		return reject('invalid_birth_month', 'birth month must be 1–12 or an English month name');
	}
	return accept(TWO_DIGITS[month]);
}

/** Meta DOBD: '01'–'31', from '7' or '07'. */
export function normalizeBirthDay(raw: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_birth_day');
	if (digest) return digest;
	const day = ONE_OR_TWO_DIGITS_RE.test(value) ? Number(value) : 0;
	if (day < 1 || day > 31) return reject('invalid_birth_day', 'birth day must be 1–31');
	return accept(TWO_DIGITS[day]);
}

export type ParsedDateOfBirth =
	| { ok: true; year: string; month: string; day: string }
	| { ok: false; reason: 'invalid_date_of_birth'; detail: string };

/** YYYY-MM-DD, optionally followed by an ISO time (the date is taken as written, never shifted by zone). */
const ISO_RE =
	/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?\s*(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?$/i;
/** YYYY/MM/DD or YYYY.MM.DD */
const YMD_RE = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$/;
/** MM/DD/YYYY (or DD/MM/YYYY when the first number cannot be a month); '-' works like '/'. */
const SLASH_RE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/;
/** DD.MM.YYYY */
const DOT_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
/** YYYYMMDD */
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function invalidDate(detail: string): ParsedDateOfBirth {
	return { ok: false, reason: 'invalid_date_of_birth', detail };
}

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function checkedDate(year: number, month: number, day: number): ParsedDateOfBirth {
	if (year < MIN_YEAR) return invalidDate('year before 1900');
	if (month < 1 || month > 12) return invalidDate('month out of range');
	const maxDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
	if (day < 1 || day > maxDay) return invalidDate('day does not exist in that month');
	const now = new Date();
	const today = now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
	if (year * 10000 + month * 100 + day > today) return invalidDate('date is in the future');
	return { ok: true, year: String(year), month: TWO_DIGITS[month], day: TWO_DIGITS[day] };
}

/**
 * A full date of birth, split into Meta's DOBY / DOBM / DOBD. Accepted forms:
 * - ISO 'YYYY-MM-DD', also with a time ('1990-05-14T00:00:00Z'); the date part is used as written;
 * - 'YYYY/MM/DD', 'YYYY.MM.DD', 'YYYYMMDD';
 * - 'MM/DD/YYYY' (also with '-'): US order when ambiguous ('04/05/1990' is April 5); read as
 *   'DD/MM/YYYY' only when the first number is over 12 ('14/05/1990' is May 14);
 * - 'DD.MM.YYYY' (European dotted form).
 * Impossible dates (Feb 30), years before 1900 and future dates are rejected.
 */
export function parseDateOfBirth(raw: string): ParsedDateOfBirth {
	const value = raw.trim();
	let match = ISO_RE.exec(value);
	if (match) return checkedDate(Number(match[1]), Number(match[2]), Number(match[3]));
	match = YMD_RE.exec(value);
	if (match) return checkedDate(Number(match[1]), Number(match[3]), Number(match[4]));
	match = SLASH_RE.exec(value);
	if (match) {
		const first = Number(match[1]);
		const second = Number(match[3]);
		const year = Number(match[4]);
		return first > 12 && second <= 12
			? checkedDate(year, second, first)
			: checkedDate(year, first, second);
	}
	match = DOT_RE.exec(value);
	if (match) return checkedDate(Number(match[3]), Number(match[2]), Number(match[1]));
	match = COMPACT_RE.exec(value);
	if (match) return checkedDate(Number(match[1]), Number(match[2]), Number(match[3]));
	return invalidDate('unrecognized date format (use YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY)');
}
