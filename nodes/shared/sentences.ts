/** Text without its closing period(s), so that a platform's sentence can be followed by ours. */
export function withoutFinalPeriod(text: string): string {
	return text.trim().replace(/\.+$/, '');
}

/** Sentences joined with one period between them, however each one ended. */
export function sentences(...parts: Array<string | undefined>): string {
	return parts
		.map((part) => (part === undefined ? '' : part.trim()))
		.filter(Boolean)
		.map((part) => (/[.!?]$/.test(part) ? part.replace(/\.+$/, '.') : `${part}.`))
		.join(' ');
}

/** Text with its first letter in upper case, to open a sentence with a phrase such as "the audience". */
export function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
