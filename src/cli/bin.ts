#!/usr/bin/env node
/*
 * The `regstack` executable. Argon2 runs on libuv's thread pool, which file and DNS work
 * share; the pool must be sized before its first use, so before anything else loads.
 */
import { availableParallelism } from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism() + 2));
const { main } = await import('./main.js');
process.exitCode = await main(process.argv);
