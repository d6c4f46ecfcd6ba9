import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '../support/db.js';
import { newWhsec, type Receiver, startReceiver } from '../webhooks/receiver.js';
import { ensureBuilt, GOOD_SECRET, lines, runCli, writeProject } from './run-cli.js';

// `regstack doctor` sends a signed `webhook.test` event to each enabled endpoint.

const SECRET = newWhsec(11);
let dir: TempDir;
let receiver: Receiver;

beforeAll(() => ensureBuilt(), 180_000);
beforeEach(async () => {
  dir = await createTempDir('regstack-cli-doctor-webhooks-');
  receiver = await startReceiver(SECRET);
});
afterEach(async () => {
  await receiver.close();
  await dir.remove();
});

function project(endpoints: string, names: readonly string[] = ['HOOK']): void {
  writeProject(dir.path, `app_name = "DocApp"\n${endpoints}`, {
    REGSTACK_JWT_SECRET: GOOD_SECRET,
    REGSTACK_DATABASE_URL: 'sqlite+aiosqlite:///./doc.sqlite',
    ...Object.fromEntries(
      names.map((name) => [`REGSTACK_WEBHOOKS__ENDPOINTS__${name}__SECRET`, SECRET]),
    ),
  });
}

describe('regstack doctor and webhooks', () => {
  it('sends a signed webhook.test event to each enabled endpoint and reports the status', async () => {
    project(
      `
[webhooks.endpoints.hook]
url = "${receiver.url}"
events = ["*"]

[webhooks.endpoints.off]
url = "${receiver.url}"
events = ["*"]
enabled = false
`,
      ['HOOK', 'OFF'],
    );
    await runCli(['migrate'], { cwd: dir.path });
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(lines(result.stdout)).toContain(
      `✔ webhook hook: test event accepted by ${receiver.url} (HTTP 200)`,
    );
    expect(result.stdout).not.toContain('webhook off');
    expect(receiver.received).toHaveLength(1);
    const [received] = receiver.received;
    expect(received?.verified).toBe(true);
    expect(JSON.parse(received?.body ?? '{}')).toMatchObject({
      type: 'webhook.test',
      data: { type: 'webhook.test', details: { endpoint: 'hook' } },
    });
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET.slice(6));
    expect(result.code).toBe(0);
  });

  it('a receiver that refuses the event is a failed check with its status', async () => {
    receiver.script(() => 503);
    project(`
[webhooks.endpoints.hook]
url = "${receiver.url}"
events = ["user.registered"]
`);
    await runCli(['migrate'], { cwd: dir.path });
    const result = await runCli(['doctor'], { cwd: dir.path });
    expect(lines(result.stdout)).toContain(
      `✘ webhook hook: test event to ${receiver.url} failed: HTTP 503`,
    );
    expect(result.code).toBe(1);
  });
});
