import { packedContents } from '../../../scripts/e2e/n8n';

/** What a user gets from `npm install n8n-nodes-audience-sync` (dist/ must be built first). */
const { files, manifest } = packedContents();

describe('the published tarball', () => {
	it('carries every node and credential package.json registers', () => {
		const registered: string[] = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		expect(registered.length).toBeGreaterThan(0);
		for (const file of registered) expect(files).toContain(file);
	});

	it('carries the compiled code and icons, and no build or test leftovers', () => {
		expect(files.some((file) => file.endsWith('.svg'))).toBe(true);
		const leftovers = files.filter(
			(file) =>
				/tsbuildinfo$|\.ts$/.test(file.replace(/\.d\.ts$/, '')) ||
				/^(test|sandbox|scripts|examples|docs|\.ci)\//.test(file),
		);
		expect(leftovers).toEqual([]);
	});

	it('declares no runtime dependency', () => {
		expect(manifest.dependencies ?? {}).toEqual({});
	});
});
