import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { BridgeConfig } from './bridge/config.js';
import { startBridge } from './bridge/start.js';

const usage = 'usage: tsami-nats-bridge --config bridge.json';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || !values.config) {
    console.error(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = JSON.parse(await readFile(values.config, 'utf8')) as BridgeConfig;
  // One JSON line per log entry on stderr; the bridge never puts secrets in them.
  const bridge = await startBridge(config, {
    logger: (entry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
  });
  process.stdout.write('ready\n');
  const stop = (): void => {
    bridge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Config and startup errors from tsami carry no secrets; anything else is reported by its message only.
  console.error(`tsami-nats-bridge: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
