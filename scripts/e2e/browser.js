// @ts-check
'use strict';

/**
 * Debian's Chromium driven by playwright-core (no browser download), kept on loopback: host names
 * other than 127.0.0.1 do not resolve, and every request to another address is aborted.
 */

const { chromium, selectors } = require('playwright-core');

// n8n's editor marks its elements with data-test-id.
selectors.setTestIdAttribute('data-test-id');

const CHROMIUM = process.env.AUDIENCE_SYNC_CHROMIUM || '/usr/bin/chromium';

/**
 * @param {{ url: string }} n8n
 */
async function openEditor(n8n) {
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-dev-shm-usage',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
		],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	/** @type {string[]} */
	const blocked = [];
	await context.route('**/*', (route) => {
		const target = route.request().url();
		if (/^(http|ws)s?:\/\/127\.0\.0\.1[:/]/.test(target) || target.startsWith('data:') || target.startsWith('blob:')) {
			return route.continue();
		}
		blocked.push(target);
		return route.abort();
	});
	const page = await context.newPage();
	/** @type {string[]} */
	const consoleErrors = [];
	page.on('console', (message) => {
		if (message.type() === 'error') consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => consoleErrors.push(String(error)));
	return { browser, context, page, consoleErrors, blocked, close: () => browser.close() };
}

/**
 * Signs in through the sign-in page, as a person does.
 * @param {import('playwright-core').Page} page
 * @param {{ url: string }} n8n
 * @param {{ email: string, password: string }} owner
 */
async function signIn(page, n8n, owner) {
	await page.goto(`${n8n.url}/signin`);
	await page.locator('input[name=emailOrLdapLoginId]').fill(owner.email);
	await page.locator('input[type=password]').fill(owner.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

module.exports = { openEditor, signIn, CHROMIUM };
