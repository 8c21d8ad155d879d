// Runs each example program as a user would (`tsx src/<name>.ts`) against the Asterisk named by
// AMI_URL, with the settings that make it exit on its own, and checks what it printed.
// The defaults of the programs use the `tsami-test` dialplan context and the `tsami-queue`
// queue of the project's sandbox (tools/asterisk-sandbox).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AmiClient } from '@tsami/core';

const AMI_URL = process.env.AMI_URL;
const examples = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(examples, 'node_modules', '.bin', 'tsx');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<ChildProcess>();

/** Starts a program; `printed(pattern)` resolves once its output so far matches. */
function start(program: string, env: Record<string, string> = {}) {
  const child = spawn(tsx, [join('src', program)], {
    cwd: examples,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  const onOutput = () => {
    for (const watcher of [...watchers]) {
      const match = `${stdout}${stderr}`.match(watcher.pattern);
      if (match) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(match);
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), onOutput()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), onOutput()));
  const finished: Promise<Run> = once(child, 'close').then(([code]) => {
    running.delete(child);
    return { code: code as number | null, stdout, stderr };
  });
  const printed = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      watchers.push({ pattern, resolve });
      onOutput();
    });
  return { child, printed, finished };
}

describe.skipIf(!AMI_URL)('the example programs, against a live Asterisk', () => {
  // A program a failed test left running.
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
  });

  it('click-to-call: rings the agent, dials the customer, hangs up its own call', async () => {
    const run = await start('click-to-call.ts', { HANGUP_AFTER_MS: '500' }).finished;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/agent answered on Local\/answer@tsami-test-\w+;1/);
    expect(run.stdout).toMatch(/call ended: cause \d+/);
  });

  it('event-logger: writes each event as one JSON line, stops on SIGTERM', async () => {
    const logger = start('event-logger.ts');
    await logger.printed(/logging events/);
    const marker = `TsamiExample${process.pid}`;
    const client = new AmiClient({ url: AMI_URL, reconnect: false, events: 'off' });
    await client.connect();
    await client.send({ Action: 'UserEvent', UserEvent: marker, Note: 'one line of JSON' });
    await client.close();
    await logger.printed(new RegExp(`"UserEvent":"${marker}"`));
    logger.child.kill('SIGTERM');
    const run = await logger.finished;
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ Event: 'UserEvent', UserEvent: marker, Note: 'one line of JSON' }),
    );
    expect(run.stderr).toMatch(/\d+ events logged/);
  });

  it('queue-monitor: prints the queues and their members, then watches', async () => {
    // EXAMPLE_DURATION_MS makes it stop on its own after watching for a moment.
    const run = await start('queue-monitor.ts', { EXAMPLE_DURATION_MS: '1000' }).finished;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^queue tsami-queue: ringall/m);
    expect(run.stdout).toMatch(/member Tsami Member \(Local\/answer@tsami-test\)/);
  });

  it('pool-http: answers HTTP requests from pooled connections and stops on SIGTERM', async () => {
    const server = start('pool-http.ts', { PORT: '0' });
    const [, base] = await server.printed(/listening on (http:\/\/\S+)/);
    const [channels, status, missing] = await Promise.all([
      fetch(`${base}/channels`),
      fetch(`${base}/status`),
      fetch(`${base}/nothing`),
    ]);
    expect(channels.status).toBe(200);
    expect(Array.isArray(await channels.json())).toBe(true);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ calls: expect.any(Number) as number });
    expect(missing.status).toBe(404);
    server.child.kill('SIGTERM');
    const run = await server.finished;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/stopped/);
  });

  it('custom-action-set: stores, reads and deletes an AstDB key', async () => {
    const run = await start('custom-action-set.ts').finished;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^tsami-example-\w+\/greeting = hello from tsami$/m);
    expect(run.stdout).toMatch(/^deleted: true$/m);
    expect(run.stdout).toMatch(/^after delete: \(no such key\)$/m);
  });

  it('opentelemetry: one span per action with its outcome, duration and event metrics', async () => {
    const run = await start('opentelemetry.ts').finished;
    expect(run.code).toBe(0);
    for (const action of ['Login', 'Ping', 'CoreStatus', 'Getvar', 'NoSuchAction']) {
      expect(run.stdout).toContain(`name: 'AMI ${action}'`);
    }
    expect(run.stdout).toContain("'ami.outcome': 'error'");
    expect(run.stdout).toMatch(/^metric ami\.action\.duration \{"ami\.action":"Ping","ami\.outcome":"success"\} 1$/m);
    expect(run.stdout).toMatch(/^metric ami\.events \{"ami\.event":"UserEvent"\} \d+$/m);
    // spans carry names and ids, never the secret
    expect(run.stdout).not.toContain(new URL(AMI_URL!).password);
  });
});
