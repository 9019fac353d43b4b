import type { Page } from 'playwright-core';

/** What a browser test file started, closed after its tests. */
interface Started {
	ui?: { page: Page; close(): Promise<void> };
	n8n?: { stop(): Promise<void> };
	sandbox?: { close(): Promise<void> };
}

/**
 * Leaves what the browser showed at the end of each test in .tmp/ for whoever reads a failure,
 * and closes the browser, n8n and the sandbox after the file's tests.
 */
export function screenshotsAndTeardown(started: () => Started): void {
	afterEach(async () => {
		const name = expect.getState().currentTestName;
		const { ui } = started();
		if (name && ui) await ui.page.screenshot({ path: `.tmp/browser-${name.replace(/\W+/g, '-').slice(0, 80)}.png` }).catch(() => undefined);
	});
	afterAll(async () => {
		const { ui, n8n, sandbox } = started();
		await ui?.close();
		await n8n?.stop();
		await sandbox?.close();
	});
}

/** What a person does in n8n's editor, written once for every browser test. */
export class Editor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {
		// Generous: on a loaded 2-core machine the editor's first load of a workflow can take long.
		page.setDefaultTimeout(30000);
		page.setDefaultNavigationTimeout(60000);
	}

	async openWorkflow(id: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${id}`);
		await this.page.getByTestId('canvas-node').first().waitFor();
	}

	/** A new, empty workflow (n8n saves it once it has a node). */
	async newWorkflow(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`);
		await this.page.getByTestId('canvas-add-button').waitFor();
	}

	/** The ID of the open workflow, from the address. */
	workflowId(): string {
		return new URL(this.page.url()).pathname.split('/')[2] ?? '';
	}

	/**
	 * Adds the first step of an empty workflow through the nodes panel: the trigger node, then one
	 * of the triggers it lists (n8n makes them of the options of its Events parameter, and lists
	 * the node without "Trigger" in its name). Returns the triggers the panel listed.
	 */
	async addTrigger(nodeName: string, trigger: string): Promise<string[]> {
		await this.page.getByTestId('canvas-add-button').click();
		await this.page.getByTestId('node-creator-search-bar').fill(nodeName);
		const node = this.page.getByTestId('node-creator-item-name').getByText(nodeName, { exact: true });
		await node.click();
		// The search results slide away as the node's triggers come in.
		await node.waitFor({ state: 'detached' });
		const items = this.page.getByTestId('node-creator-item-name');
		const item = items.filter({ hasText: trigger }).first();
		await item.waitFor();
		const names = await items.allInnerTexts();
		await item.click();
		await this.page.getByTestId('node-parameters').waitFor();
		return names.map((name) => name.trim());
	}

	/** Adds a node after the last one through the nodes panel: search, node, then its action. */
	async addNodeAction(nodeName: string, action: string): Promise<void> {
		await this.page.getByTestId('canvas-handle-plus').last().click();
		await this.page.getByTestId('node-creator-search-bar').fill(nodeName);
		await this.page.getByTestId('node-creator-item-name').filter({ hasText: nodeName }).first().click();
		await this.page.getByTestId('node-creator-item-name').filter({ hasText: action }).first().click();
		await this.page.getByTestId('node-parameters').waitFor();
	}

	/** The action names the nodes panel lists for a node. */
	async panelActions(nodeName: string): Promise<string[]> {
		await this.page.getByTestId('canvas-handle-plus').last().click();
		await this.page.getByTestId('node-creator-search-bar').fill(nodeName);
		await this.page.getByTestId('node-creator-item-name').filter({ hasText: nodeName }).first().click();
		await this.page.getByTestId('node-creator-item-name').filter({ hasText: 'an audience' }).first().waitFor();
		const names = await this.page.getByTestId('node-creator-item-name').allInnerTexts();
		await this.page.keyboard.press('Escape');
		return names.map((name) => name.trim());
	}

	/** The labels of the parameters the panel shows, in order. */
	async parameterLabels(): Promise<string[]> {
		return await this.labels('[data-test-id=input-label]');
	}

	/** The labels of the parameters and of the credential selectors ("Credential for …"), in the panel's order. */
	async panelLabels(): Promise<string[]> {
		return await this.labels('[data-test-id=input-label], [data-test-id=credentials-label]');
	}

	private async labels(selector: string): Promise<string[]> {
		const labels = await this.page.getByTestId('node-parameters').locator(selector).allInnerTexts();
		return labels.map((label) => label.split('\n')[0].trim()).filter(Boolean);
	}

	async selectOption(parameter: string, option: string): Promise<void> {
		await this.page.getByTestId(`parameter-input-${parameter}`).click();
		await this.dropdownOptions()
			.filter({ hasText: new RegExp(`^\\s*${escapeRegex(option)}`) })
			.first()
			.click();
		// A click while the list fades out would be lost.
		await this.dropdownOptions().first().waitFor({ state: 'hidden' });
	}

	/** The names of the options a parameter's dropdown offers. */
	async optionNames(parameter: string): Promise<string[]> {
		const input = this.page.getByTestId(`parameter-input-${parameter}`);
		await input.click();
		const options = this.dropdownOptions();
		await options.first().waitFor();
		const names = (await options.allInnerTexts()).map((name) => name.trim().split('\n')[0]);
		await this.closeDropdown(parameter);
		return names;
	}

	/** Adds an option to a multi-options parameter, or takes it off. */
	async toggleOption(parameter: string, option: string): Promise<void> {
		await this.page.getByTestId(`parameter-input-${parameter}`).click();
		await this.dropdownOptions()
			.filter({ hasText: new RegExp(`^\\s*${escapeRegex(option)}`) })
			.first()
			.click();
		await this.closeDropdown(parameter);
	}

	/** The options a multi-options parameter shows as chosen. */
	async chosenOptions(parameter: string): Promise<string[]> {
		const text = await this.page.getByTestId(`parameter-input-${parameter}`).innerText();
		return text.split('\n').map((name) => name.trim()).filter(Boolean);
	}

	/** What a parameter's input holds. */
	async inputValue(parameter: string): Promise<string> {
		return await this.page.getByTestId(`parameter-input-${parameter}`).locator('input, textarea').first().inputValue();
	}

	private dropdownOptions() {
		return this.page.locator('.el-select-dropdown__item:visible, [role=option]:visible');
	}

	/** Escape would close the node: a dropdown closes with a click on its input. */
	private async closeDropdown(parameter: string): Promise<void> {
		await this.page.getByTestId(`parameter-input-${parameter}`).click();
		await this.dropdownOptions().first().waitFor({ state: 'hidden' });
	}

	async fill(parameter: string, value: string): Promise<void> {
		const input = this.page.getByTestId(`parameter-input-${parameter}`).locator('input, textarea').first();
		await input.fill(value);
		await input.blur();
	}

	/** The options a collection's "Add …" selector offers. */
	private collectionAdder(placeholder: string) {
		const panel = this.page.getByTestId('node-parameters');
		return panel.getByPlaceholder(placeholder).or(panel.getByText(placeholder, { exact: true })).first();
	}

	async collectionChoices(placeholder: string): Promise<string[]> {
		await this.collectionAdder(placeholder).click();
		const options = this.page.locator('.el-select-dropdown__item:visible, [role=option]:visible');
		await options.first().waitFor();
		const names = (await options.allInnerTexts()).map((name) => name.trim().split('\n')[0]);
		await this.page.keyboard.press('Escape');
		return names;
	}

	async addCollectionField(placeholder: string, option: string): Promise<void> {
		await this.collectionAdder(placeholder).click();
		// A collection of one option adds it at once, without a list to choose from.
		const choice = this.dropdownOptions().filter({ hasText: option }).first();
		const added = this.page.getByTestId('node-parameters').getByTestId('input-label').filter({ hasText: new RegExp(`^\\s*${escapeRegex(option)}(\\s|$)`) }).first();
		await choice.or(added).first().waitFor();
		if (await choice.isVisible()) await choice.click();
	}

	/** Picks an entry of a resource locator's list by its text. */
	async pickFromList(parameter: string, text: string): Promise<void> {
		await this.page.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-input').click();
		await this.page.getByTestId('rlc-item').filter({ hasText: text }).first().click();
	}

	async listEntries(parameter: string): Promise<string[]> {
		await this.page.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-input').click();
		await this.page.getByTestId('rlc-item').first().waitFor();
		const entries = await this.page.getByTestId('rlc-item').allInnerTexts();
		await this.page.keyboard.press('Escape');
		return entries;
	}

	/**
	 * The credential section, or with `type` (as its label names it: "Credential for <type>") the
	 * selector of that credential type, for nodes that show several.
	 */
	private credentials(type?: string) {
		if (!type) return this.page;
		const label = this.page.getByTestId('credentials-label').filter({ hasText: `Credential for ${type}` });
		return this.page.getByTestId('node-credentials-slot').filter({ has: label });
	}

	/** Chooses a saved credential in the node's credential selector (of that type). */
	async selectCredential(name: string, type?: string): Promise<void> {
		const item = this.page.locator('[data-test-id^="node-credentials-select-item-"]:visible').filter({ hasText: name }).first();
		// A parameter just changed (the platform) can swap the credential section for another type's
		// while the click lands: the list opened is then the old type's. Close it (with a click on
		// the selector: Escape would close the node) and open it again until it lists the credential.
		const select = this.credentials(type).getByTestId('node-credentials-select');
		const anyItem = this.page.locator('[data-test-id^="node-credentials-select-item-"]:visible').first();
		for (let attempt = 1; attempt <= 4; attempt++) {
			if (await anyItem.isVisible()) {
				await select.click();
				await anyItem.waitFor({ state: 'hidden' });
			}
			await select.click();
			const listed = await item.waitFor({ timeout: 5000 }).then(
				() => true,
				() => false,
			);
			if (listed) break;
		}
		await item.click();
	}

	/** Opens the dialog of a new credential from the credential section (of that type). */
	async openNewCredential(type?: string): Promise<void> {
		const section = this.credentials(type);
		const empty = section.getByTestId('node-credentials-empty-state');
		if (await empty.isVisible()) {
			await empty.getByRole('button').first().click();
		} else {
			await section.getByTestId('node-credentials-select').click();
			await this.page.locator('[data-test-id=node-credentials-select-item-new]:visible').click();
		}
		await this.page.getByTestId('editCredential-modal').waitFor();
	}

	/** The options of the credential dialog's "connect using" selector. */
	async credentialModes(): Promise<string[]> {
		const modal = this.page.getByTestId('editCredential-modal');
		await modal.getByTestId('credential-mode-dropdown-trigger').click();
		const items = this.page.locator('[role=menuitem]:visible, [role=option]:visible, .el-dropdown-menu__item:visible');
		await items.first().waitFor();
		const names = (await items.allInnerTexts()).map((name) => name.trim()).filter(Boolean);
		// Escape would close the whole dialog: close the menu with its trigger.
		await modal.getByTestId('credential-mode-dropdown-trigger').click();
		return names;
	}

	async fillCredential(field: string, value: string): Promise<void> {
		const input = this.page
			.getByTestId('editCredential-modal')
			.getByTestId(`parameter-input-${field}`)
			.locator('input, textarea')
			.first();
		await input.fill(value);
	}

	/** Pastes text into a credential field through the clipboard, as a person pastes it. */
	async pasteIntoCredential(field: string, value: string): Promise<void> {
		const input = this.page
			.getByTestId('editCredential-modal')
			.getByTestId(`parameter-input-${field}`)
			.locator('input, textarea')
			.first();
		await input.click();
		// Runs in the page, where `navigator` is the browser's.
		await this.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(value)})`);
		await this.page.keyboard.press('ControlOrMeta+V');
	}

	/**
	 * Saves the credential; n8n tests it on save, and closes the dialog when the test passed (or
	 * shows "Connection tested successfully"). Returns the verdict and the text shown.
	 */
	async saveCredential(): Promise<{ ok: boolean; text: string }> {
		const modal = this.page.getByTestId('editCredential-modal');
		await modal.getByTestId('credential-save-button').click();
		const success = modal.getByTestId('credentials-config-container-test-success');
		// A verdict of an earlier save may still be shown: wait for success first, then read a failure.
		await Promise.race([
			success.waitFor({ timeout: 10000 }),
			modal.waitFor({ state: 'hidden', timeout: 10000 }),
		]).catch(() => undefined);
		if (!(await modal.isVisible())) return { ok: true, text: 'saved, tested and closed' };
		const ok = await success.isVisible();
		if (ok) return { ok, text: await success.innerText() };
		// n8n folds the tester's message behind "More details".
		const details = modal.getByText('More details');
		if (await details.isVisible()) await details.click();
		await this.page.waitForTimeout(500);
		// The details can open over the dialog: read the whole page.
		return { ok, text: await this.page.locator('body').innerText() };
	}

	async closeCredential(): Promise<void> {
		if (!(await this.page.getByTestId('editCredential-modal').isVisible())) return;
		await this.page.getByTestId('editCredential-modal').locator('.el-dialog__headerbtn, button[aria-label=Close]').first().click();
		await this.page.getByTestId('editCredential-modal').waitFor({ state: 'hidden' });
	}

	/** Runs the open node and returns the output panel's text once it shows a result. */
	async executeStep(): Promise<string> {
		await this.page.getByTestId('node-execute-button').click();
		const output = this.page.getByTestId('output-panel');
		await output.getByText(/\d+ items?|Error|Problem|No output data returned/).first().waitFor({ timeout: 60000 });
		return await output.innerText();
	}

	async outputAsTable(): Promise<string> {
		return await this.outputAs('table');
	}

	/** The JSON view's text, with the editor's white-space markers (·) read as spaces. */
	async outputAsJson(): Promise<string> {
		return await this.outputAs('json');
	}

	private async outputAs(mode: 'table' | 'json'): Promise<string> {
		const output = this.page.getByTestId('output-panel');
		await output.getByTestId(`radio-button-${mode}`).click();
		// The view renders progressively after the switch: wait until it shows more than its
		// header and two reads a moment apart agree.
		const deadline = Date.now() + 15000;
		const rendered = (text: string) => /[[{]|\t/.test(text.split(/\d+ items?/)[1] ?? '');
		let previous = '';
		let text = await output.innerText();
		while ((!rendered(text) || text !== previous) && Date.now() < deadline) {
			await this.page.waitForTimeout(300);
			previous = text;
			text = await output.innerText();
		}
		return text.replace(/[·\s]+/g, ' ');
	}

	/**
	 * Publishes the open workflow from the header (n8n 2's activation): the verdict, and the
	 * message n8n shows when it could not.
	 */
	async publish(): Promise<{ ok: boolean; text: string }> {
		await this.page.getByTestId('workflow-open-publish-modal-button').click();
		const modal = this.page.getByTestId('workflowPublish-modal');
		await modal.getByTestId('workflow-publish-button').click();
		// The dialog closes at once; the header says "Publishing…", then "Published" or n8n says why not.
		const published = this.page.getByTestId('workflow-open-publish-modal-button').filter({ hasText: /^\s*Published\s*$/ });
		const failed = this.page.locator('.el-notification').filter({ hasText: 'could not be published' });
		await published.or(failed).first().waitFor({ timeout: 60000 });
		if (await failed.first().isVisible()) return { ok: false, text: await failed.first().innerText() };
		return { ok: true, text: 'published' };
	}

	/** Scrolls the panel to a parameter (for a screenshot). */
	async scrollTo(parameter: string): Promise<void> {
		await this.page.getByTestId(`parameter-input-${parameter}`).scrollIntoViewIfNeeded();
	}

	async closeNode(): Promise<void> {
		await this.page.getByTestId('ndv-close-button').click();
	}

	async nodeSubtitles(): Promise<string[]> {
		return await this.page.getByTestId('canvas-node').allInnerTexts();
	}

	/** Closes n8n's toasts ("Node executed successfully", …), which would cover a screenshot. */
	async dismissToasts(): Promise<void> {
		const toasts = this.page.locator('.el-notification:visible');
		// A toast may go on its own meanwhile.
		for (const close of await toasts.locator('.el-notification__closeBtn').all()) await close.click().catch(() => undefined);
		await toasts.first().waitFor({ state: 'hidden' });
	}

	async screenshot(name: string): Promise<void> {
		// Relative to the project folder, where the suite runs; Playwright creates the folder.
		await this.page.screenshot({ path: `docs/screenshots/${name}.png` });
	}
}

/** The browser console's errors that come from this package's nodes or credentials. */
export function packageErrors(consoleErrors: string[]): string[] {
	return consoleErrors.filter(
		(text) =>
			/audience|AdAudience|AudienceMember|metaAds|googleDataManager/i.test(text) || text.includes('n8n-nodes-audience-sync'),
	);
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
