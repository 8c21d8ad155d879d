import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeAmiServer } from '@tsami/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsSender } from '../src/index.js';
import { NATS_URL, cleanUp, hasNats, isolated, natsConnect } from './env.js';

// The built CLI (the test command builds before it runs the tests).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, output: () => ({ stdout, stderr }) };
}

describe('tsami-nats-bridge', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsami-nats-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a config that is not JSON without quoting it', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "asterisk": { "pbx1": { "url": "ami://u:cli-secret-1@h" } }, oops }');
    const { child, output } = run(['--config', file]);
    await once(child, 'exit');
    expect(child.exitCode).toBe(1);
    expect(output().stderr).toContain('is not valid JSON');
    expect(output().stderr).not.toContain('cli-secret-1');
  });

  it.skipIf(!hasNats)('serves until SIGTERM, then closes cleanly', async () => {
    const ami = await FakeAmiServer.start({ users: { bridge: 'cli-secret-2' } });
    try {
      const { prefix, stream } = isolated();
      const file = join(dir, 'bridge.json');
      writeFileSync(
        file,
        JSON.stringify({
          nats: { servers: NATS_URL, prefix },
          asterisk: { pbx1: { url: ami.url } },
          stream: { name: stream, storage: 'memory' },
        }),
      );
      const { child, output } = run(['--config', file]);
      while (!output().stdout.includes('ready')) {
        await Promise.race([
          once(child.stdout, 'data'),
          once(child, 'exit').then(() => Promise.reject(new Error(output().stderr))),
        ]);
      }
      const pong = await natsSender(await natsConnect(), 'pbx1', { prefix }).send({ Action: 'Ping' });
      expect(pong.Ping).toBe('Pong');
      child.kill('SIGTERM');
      await once(child, 'exit');
      expect(child.exitCode).toBe(0);
      expect(output().stderr).not.toContain('cli-secret-2');
      const log = output()
        .stderr.trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { message: string });
      expect(log.some((entry) => entry.message.includes('"state":"closed"'))).toBe(true);
    } finally {
      await cleanUp();
      await ami.close();
    }
  });
});
