// @ts-check

/** @typedef {import('./measure.js').TargetResult} TargetResult */
/** @typedef {import('./machine.js').Machine} Machine */
/** @typedef {import('./install-size.js').InstallSize} InstallSize */

/**
 * @typedef {object} Argon2Rate
 * @property {number} perSecond
 * @property {number} concurrency
 * @property {string} phc the parameter prefix of the hash verified
 */

/**
 * CPU microseconds per call, in one process, hot, without HTTP (see hot-path.js).
 * @typedef {object} HotPath
 * @property {number} bareHonoUs
 * @property {number} meUs regstack's `GET /me` through its fetch handler
 * @property {number} tokenCheckUs the session token's signature and claims
 * @property {number} sessionLookupUs the one-statement user and revocation lookup
 */

/**
 * @typedef {object} Check
 * @property {string} goal
 * @property {string} measured
 * @property {boolean | null} met null when a figure is missing
 */

/**
 * @typedef {object} BenchReport
 * @property {'full' | 'smoke'} mode
 * @property {string} date
 * @property {Machine} machine
 * @property {{ tool: string, connections: number, warmupSeconds: number, seconds: number, users: number, pinned: string }} method
 * @property {Argon2Rate} argon2
 * @property {HotPath} hotPath
 * @property {InstallSize} installSize
 * @property {TargetResult[]} targets
 * @property {Check[]} checks
 * @property {string[]} notes
 */

/**
 * @param {number | null | undefined} value
 * @param {number} [digits]
 * @returns {string}
 */
function num(value, digits = 0) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * @param {number | null} value
 * @returns {string}
 */
function ratio(value) {
  return value === null ? '—' : `${value.toFixed(2)}×`;
}

/**
 * The authenticated read's rate against the bare Hono handler's.
 * @param {TargetResult} target
 * @param {TargetResult | undefined} hono
 * @returns {number | null}
 */
export function readRatio(target, hono) {
  return hono === undefined ? null : target.read.perSecond / hono.read.perSecond;
}

/**
 * Sign-ins per second against raw argon2id verifications per second.
 * @param {TargetResult} target
 * @param {Argon2Rate} argon2
 * @returns {number | null}
 */
export function loginRatio(target, argon2) {
  return target.login === null ? null : target.login.perSecond / argon2.perSecond;
}

/**
 * The goals of issue 8, checked against one run. These are benchmark figures, not tests.
 * @param {TargetResult[]} targets
 * @param {Argon2Rate} argon2
 * @returns {Check[]}
 */
export function checkGoals(targets, argon2) {
  const hono = targets.find((target) => target.name === 'hono');
  /** @type {Check[]} */
  const checks = [];
  /**
   * @param {string} goal
   * @param {number | null} value
   * @param {(value: number) => boolean} ok
   * @param {(value: number) => string} show
   */
  const check = (goal, value, ok, show) =>
    checks.push({
      goal,
      measured: value === null ? '—' : show(value),
      met: value === null ? null : ok(value),
    });
  const ms = (/** @type {number} */ value) => `${value.toFixed(2)} ms`;
  for (const target of targets) {
    if (!target.name.startsWith('regstack')) continue;
    const floor = target.name === 'regstack-sqlite' ? 0.5 : 0.25;
    const where = target.label;
    check(`${where}: /me ≥ ${floor}× bare Hono`, readRatio(target, hono), (v) => v >= floor, ratio);
    check(`${where}: /me p99 < 5 ms at 64 connections`, target.read.p99Ms, (v) => v < 5, ms);
    check(
      `${where}: login ≥ 0.9× raw argon2id verify`,
      loginRatio(target, argon2),
      (v) => v >= 0.9,
      ratio,
    );
    check(
      `${where}: /me p99 < 20 ms during a login storm`,
      target.storm?.read.p99Ms ?? null,
      (v) => v < 20,
      ms,
    );
    check(
      `${where}: cold start < 300 ms`,
      target.coldStartMs,
      (v) => v < 300,
      (v) => `${v.toFixed(0)} ms`,
    );
    check(
      `${where}: peak RSS < 100 MiB`,
      target.peakRssMiB,
      (v) => v < 100,
      (v) => `${v.toFixed(1)} MiB`,
    );
  }
  return checks;
}

/**
 * @param {BenchReport} report
 * @returns {string}
 */
export function markdown(report) {
  const { machine, method, argon2, hotPath, installSize } = report;
  const hono = report.targets.find((target) => target.name === 'hono');
  const lines = [
    `# regstack benchmark (${report.mode} run, ${report.date})`,
    '',
    `Machine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}; load average ${machine.loadAverage.join(' / ')} when the run began.`,
    `Method: ${method.tool}, ${method.connections} connections, ${method.warmupSeconds} s warm-up, ${method.seconds} s per measured run, ${method.users} users; ${method.pinned}.`,
    '',
    '| server | authenticated read | req/s | p50 ms | p99 ms | CPU per read | × bare Hono | logins/s | × raw verify | read p99 in login storm | cold start | idle RSS | peak RSS |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const target of report.targets) {
    lines.push(
      `| ${[
        target.label,
        `\`${target.readRoute}\``,
        num(target.read.perSecond),
        num(target.read.p50Ms, 2),
        num(target.read.p99Ms, 2),
        `${num(target.read.cpuUsPerOk)} µs`,
        target.name === 'hono' ? '1.00×' : ratio(readRatio(target, hono)),
        num(target.login?.perSecond ?? null, 1),
        target.name.startsWith('regstack') ? ratio(loginRatio(target, argon2)) : '—',
        target.storm === null ? '—' : `${num(target.storm.read.p99Ms, 2)} ms`,
        `${num(target.coldStartMs)} ms`,
        `${num(target.idleRssMiB, 1)} MiB`,
        `${num(target.peakRssMiB, 1)} MiB`,
      ].join(' | ')} |`,
    );
  }
  lines.push(
    '',
    `Raw argon2id verify in one process (${argon2.phc}, ${argon2.concurrency} in flight, on the server's core): ${num(argon2.perSecond, 1)}/s.`,
    `In one process, hot, without HTTP (SQLite): \`GET /me\` costs ${num(hotPath.meUs, 1)} µs of CPU, of which the token check ${num(hotPath.tokenCheckUs, 1)} µs and the session lookup ${num(hotPath.sessionLookupUs, 1)} µs; the bare Hono handler ${num(hotPath.bareHonoUs, 1)} µs.`,
    `Production dependencies: ${installSize.packages} packages, ${num(installSize.mib, 1)} MiB on disk (largest: ${installSize.largest.map(({ name, mib }) => `${name} ${num(mib, 1)}`).join(', ')} MiB); regstack's own dist, templates and static: ${num(installSize.ownMib, 1)} MiB.`,
  );
  const storms = report.targets.filter((target) => target.storm !== null);
  if (storms.length > 0) {
    lines.push(
      `During the storm: ${storms
        .map(
          (target) =>
            `${target.label} ${num(target.storm?.read.perSecond ?? null)} reads/s and ${num(target.storm?.login.perSecond ?? null, 1)} logins/s (${num(target.storm?.login.notOk ?? null)} sign-ins refused)`,
        )
        .join('; ')}.`,
    );
  }
  lines.push('', '## Goals', '', '| goal | measured | met |', '| --- | ---: | :---: |');
  for (const check of report.checks) {
    lines.push(
      `| ${check.goal} | ${check.measured} | ${check.met === null ? '—' : check.met ? 'yes' : '**no**'} |`,
    );
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}
