import { describe, expect, it } from 'vitest';
import { createArgon2Hasher } from './argon2-hasher.js';

// Measures argon2 cost on this machine; prints, never asserts on time.
// Run with REGSTACK_MEASURE_ARGON2=1 npx vitest run src/passwords/argon2-cost.test.ts
const PROFILES = [
  { name: 'OWASP m=19456,t=2,p=1', memoryKib: 19456, iterations: 2, parallelism: 1 },
  { name: 'Python m=65536,t=3,p=4', memoryKib: 65536, iterations: 3, parallelism: 4 },
] as const;
const RUNS = 11;

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

describe.runIf(process.env.REGSTACK_MEASURE_ARGON2 === '1')('argon2 cost', () => {
  it.each(PROFILES)('$name', async (profile) => {
    const hasher = createArgon2Hasher({ ...profile, concurrency: 1 });
    const phc = await hasher.hash('warm-up password');
    const hashMs: number[] = [];
    const verifyMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let start = performance.now();
      await hasher.hash(`password-${i}`);
      hashMs.push(performance.now() - start);
      start = performance.now();
      await hasher.verify(`password-${i}`, phc);
      verifyMs.push(performance.now() - start);
    }
    console.log(
      `${profile.name}: hash median ${median(hashMs).toFixed(1)} ms ` +
        `(min ${Math.min(...hashMs).toFixed(1)}, max ${Math.max(...hashMs).toFixed(1)}), ` +
        `verify median ${median(verifyMs).toFixed(1)} ms over ${RUNS} runs`,
    );
    expect(hashMs).toHaveLength(RUNS);
  });
});
