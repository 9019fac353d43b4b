import { startSandbox } from '../../sandbox';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * The sandbox of a test file: started before its tests, closed after them, and reset before each
 * one. `use` receives it once started.
 */
export function useSandbox(options: Parameters<typeof startSandbox>[0], use: (sandbox: Sandbox) => void): void {
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
}
