// @ts-check
'use strict';

const { spawn } = require('node:child_process');

/**
 * @typedef {{ pid: number, log: () => string, exited: () => boolean,
 *   waitForLog: (text: string, timeoutMs: number) => Promise<void>,
 *   kill: () => Promise<void>, stop: () => Promise<void> }} GroupProcess
 */

/**
 * Spawns a command in a process group of its own, its output kept. `stop` sends the group
 * `stopSignal` (SIGTERM unless told; SIGKILL after 15 s); `kill` sends it SIGKILL at once, as a
 * crash would. Processes are only ever signalled by their own group id.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: Record<string, string>, uid?: number, gid?: number, label: string, stopSignal?: NodeJS.Signals }} options
 * @returns {GroupProcess}
 */
function spawnGroup(command, args, { cwd, env, uid, gid, label, stopSignal = 'SIGTERM' }) {
	const child = spawn(command, args, { cwd, env, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	let exited = false;
	const exit = new Promise((resolve) => child.on('exit', () => { exited = true; resolve(undefined); }));
	const pid = child.pid ?? 0;
	/** @param {NodeJS.Signals} signal */
	const signal = (signal) => {
		try { process.kill(-pid, signal); } catch { /* already gone */ }
	};
	return {
		pid,
		log: () => output,
		exited: () => exited,
		async waitForLog(text, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			while (!output.includes(text)) {
				if (exited) throw new Error(`${label} exited before "${text.trim()}":\n${output.slice(-3000)}`);
				if (Date.now() > deadline) throw new Error(`${label} did not log "${text.trim()}" in ${timeoutMs / 1000} s:\n${output.slice(-3000)}`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		},
		async kill() {
			if (exited || !pid) return;
			signal('SIGKILL');
			await exit;
		},
		async stop() {
			if (exited || !pid) return;
			signal(stopSignal);
			await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 15000))]);
			if (!exited) {
				signal('SIGKILL');
				await exit;
			}
		},
	};
}

module.exports = { spawnGroup };
