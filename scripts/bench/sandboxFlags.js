// @ts-check
'use strict';

/**
 * Node flags of the benchmark's sandbox process (the platform stand-in, whose cost is not the
 * package's). Room for a population of millions; and external memory (the request bodies, a
 * hundred of 5 MB for a million contacts) counted in V8's global heap limit, instead of starting
 * a full collection of the population's gigabytes every 64 MB received, which made the stand-in,
 * not the node, the slow side of a run. Dev tool only.
 */
const SANDBOX_NODE_FLAGS = ['--max-old-space-size=12000', '--external-memory-accounted-in-global-limit'];

module.exports = { SANDBOX_NODE_FLAGS };
