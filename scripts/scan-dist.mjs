// Lints the compiled dist/**/*.js with n8n's community-node rules and inline configuration
// disabled, as n8n's package scanner (@n8n/scan-community-package) does for a published tarball:
// TypeScript output can bring in what the sources never wrote.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fromCli = createRequire(path.join(root, 'node_modules/@n8n/node-cli/package.json'));
const { ESLint } = fromCli('eslint');
const pluginPath = fromCli.resolve('@n8n/eslint-plugin-community-nodes');
const { n8nCommunityNodesPlugin } = await import(pathToFileURL(pluginPath).href);

const eslint = new ESLint({
	cwd: root,
	overrideConfigFile: true,
	allowInlineConfig: false,
	overrideConfig: [
		{
			files: ['dist/**/*.js'],
			plugins: { '@n8n/community-nodes': n8nCommunityNodesPlugin },
			rules: { ...n8nCommunityNodesPlugin.configs.recommended.rules, 'no-console': 'error' },
			languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
		},
	],
});
const results = await eslint.lintFiles(['dist/**/*.js']);
const formatter = await eslint.loadFormatter('stylish');
const output = await formatter.format(results);
const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
if (output) process.stdout.write(output);
process.stdout.write(`scanned ${results.length} compiled files: ${errors} error(s)\n`);
process.exit(errors > 0 ? 1 : 0);
