// @ts-check
'use strict';

/** The sandbox clock: real time shifted by advance(), so tests can move time on without waiting. */
class SandboxClock {
	constructor() {
		this.offsetMs = 0;
	}

	/** @returns {number} ms since the epoch, shifted by advance() */
	now() {
		return Date.now() + this.offsetMs;
	}

	/** @param {number} ms */
	advance(ms) {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite ms ≥ 0');
		this.offsetMs += ms;
	}

	/** Back to real time. */
	reset() {
		this.offsetMs = 0;
	}
}

module.exports = { SandboxClock };
