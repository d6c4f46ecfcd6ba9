#!/usr/bin/env node
/*
 * The `regstack` executable. Argon2 runs on libuv's thread pool, which file and DNS work
 * share; the pool must be sized before its first use, so before anything else loads.
 */
import module from 'node:module';
import { availableParallelism } from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism() + 2));
/*
 * Node 22.1 and later keep the compiled code of the modules loaded from here on in a cache on
 * disk (in NODE_COMPILE_CACHE, else the OS temporary folder; NODE_DISABLE_COMPILE_CACHE=1 turns
 * it off), which shortens every start after the first. Node 20 has no such function.
 */
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import('./main.js');
process.exitCode = await main(process.argv);
