import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { PLATFORMS } from '../../sandbox/platforms';

/** A path each registered platform owns (a new platform adds its own here). */
const OWNED_PATH: Record<string, string> = {
	meta: '/v26.0/me',
	google: '/v1/accountTypes/GOOGLE_ADS/accounts/1234567890/userLists',
};

describe('the sandbox registry of platform emulators', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ populationSize: 50 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	afterEach(() => sandbox.reset());

	const names = PLATFORMS.map((p) => p.name);

	it('lists each platform once, each from its own folder (sandbox/<name>/index.js)', async () => {
		expect(new Set(names).size).toBe(names.length);
		for (const name of names) {
			const folder = (await import(`../../sandbox/${name}`)) as { emulator: unknown };
			expect(PLATFORMS).toContain(folder.emulator);
		}
	});

	it('exposes each platform as sandbox.<name>, with its own request log', async () => {
		const platforms = sandbox as unknown as Record<string, { requests: unknown[] }>;
		for (const name of names) {
			expect(OWNED_PATH[name]).toBeDefined();
			const before = platforms[name].requests.length;
			await fetch(`${sandbox.url}${OWNED_PATH[name]}`);
			expect(platforms[name].requests.length).toBe(before + 1);
			expect(sandbox.requests.at(-1)).toMatchObject({ platform: name, path: OWNED_PATH[name] });
		}
	});

	it('gives paths no platform owns to the first one (Meta: Graph’s error), logged without a platform', async () => {
		expect(names[0]).toBe('meta');
		const res = await fetch(`${sandbox.url}/elsewhere`);
		expect(res.status).toBe(400);
		expect(res.headers.get('x-fb-trace-id')).toBeTruthy();
		expect(sandbox.requests.at(-1)).toMatchObject({ platform: null, path: '/elsewhere' });
		const platforms = sandbox as unknown as Record<string, { requests: unknown[] }>;
		for (const name of names) expect(platforms[name].requests).toHaveLength(0);
	});

	it('summarizes each platform under its name in /__sandbox/state', async () => {
		const state = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as Record<
			string,
			unknown
		>;
		for (const name of names) expect(state[name]).toEqual(expect.any(Object));
	});
});
