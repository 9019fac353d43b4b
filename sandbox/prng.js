// @ts-check
'use strict';

/**
 * Small deterministic PRNG helpers. The population must be identical for a given seed on every
 * machine and Node version, so nothing here touches Math.random.
 */

/**
 * Mixes one 32-bit value into a running 32-bit hash (murmur3 finalizer).
 * @param {number} h
 * @param {number} v
 * @returns {number}
 */
function mix32(h, v) {
	let x = (h ^ Math.imul(v | 0, 0x9e3779b1)) | 0;
	x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
	return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A tiny seeded generator (mulberry32) with the few helpers the population needs.
 */
class Rng {
	/** @param {number} seed */
	constructor(seed) {
		/** @private */
		this.state = seed | 0;
	}

	/** @returns {number} a float in [0, 1) */
	next() {
		this.state = (this.state + 0x6d2b79f5) | 0;
		let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/**
	 * @param {number} n
	 * @returns {number} an integer in [0, n)
	 */
	int(n) {
		return Math.floor(this.next() * n);
	}

	/**
	 * @template T
	 * @param {readonly T[]} items
	 * @returns {T}
	 */
	pick(items) {
		return items[this.int(items.length)];
	}

	/**
	 * @param {number} p probability in [0, 1]
	 * @returns {boolean}
	 */
	chance(p) {
		return this.next() < p;
	}

	/**
	 * @param {number} n number of hex digits
	 * @returns {string}
	 */
	hex(n) {
		let out = '';
		for (let i = 0; i < n; i++) out += this.int(16).toString(16);
		return out;
	}
}

/**
 * A generator for one (seed, index, stream) triple: independent of how many other people exist.
 * @param {number} seed
 * @param {number} index
 * @param {number} stream
 * @returns {Rng}
 */
function rngFor(seed, index, stream) {
	return new Rng(mix32(mix32(mix32(0x2545f491, seed), index), stream));
}

module.exports = { Rng, mix32, rngFor };
