import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { BridgeConfig } from './bridge/config.js';
import { redact } from './bridge/redact.js';
import { startBridge } from './bridge/start.js';

const usage = 'usage: tsami-nats-bridge --config bridge.json';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.config) {
    console.error(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = await readConfig(values.config);
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

async function readConfig(path: string): Promise<BridgeConfig> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as BridgeConfig;
  } catch {
    // Not the parser's message: newer Node versions quote the text around the error, secrets included.
    throw new Error(`${path} is not valid JSON`);
  }
}

main().catch((error: unknown) => {
  // Startup errors never quote the config; URL credentials are masked in case one is echoed.
  console.error(`tsami-nats-bridge: ${redact((error as Error).message ?? String(error), [])}`);
  process.exit(1);
});
