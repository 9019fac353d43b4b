import { startSandbox } from '../../sandbox';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * What every test leaves behind: no hashed field that is not a hash, no raw e-mail or watched
 * personal data in any request, and no member received without consent or excluded unless the
 * test allowed it (`sandbox.audit.allow`).
 */
export function expectNothingLeaked(sandbox: Sandbox): void {
	const { violations, consent, excluded, samples } = sandbox.audit.report();
	expect({ violations, consent, excluded, samples }).toEqual({ violations: 0, consent: 0, excluded: 0, samples: [] });
}

/**
 * The sandbox of a test file: started before its tests, closed after them, and reset before each
 * one. `use` receives it once started. After each test, the privacy audit must be clean (`audit:
 * false` for the sandbox's own tests, which send what no client may, to see it refused).
 */
export function useSandbox(
	options: Parameters<typeof startSandbox>[0],
	use: (sandbox: Sandbox) => void,
	{ audit = true }: { audit?: boolean } = {},
): void {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox(options);
		use(sandbox);
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	beforeEach(() => {
		sandbox?.reset();
	});
	afterEach(() => {
		if (sandbox && audit) expectNothingLeaked(sandbox);
	});
}
