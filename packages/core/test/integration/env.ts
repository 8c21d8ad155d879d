import { readFileSync } from 'node:fs';
import { AmiClient, type AmiClientOptions } from '../../src/index.js';

/**
 * Integration tests talk to a real Asterisk given by AMI_URL (`ami://user:secret@host:port`);
 * without it they are skipped. The project's sandbox (tools/asterisk-sandbox) provides one with
 * the users and the `tsami-test` dialplan these tests expect, and prints these variables.
 */
export const AMI_URL = process.env.AMI_URL;
/** A user with only `call` rights. */
export const AMI_CALL_URL = process.env.AMI_CALL_URL;
export const AMI_TLS_URL = process.env.AMI_TLS_URL;
export const AMI_TLS_CA = process.env.AMI_TLS_CA;

export const hasAsterisk = AMI_URL !== undefined && AMI_URL !== '';

export function tlsCa(): Buffer | undefined {
  return AMI_TLS_CA ? readFileSync(AMI_TLS_CA) : undefined;
}

const open: AmiClient[] = [];

/** A client of the live Asterisk, closed by `closeAll()`. */
export async function connectClient(options: Partial<AmiClientOptions> = {}): Promise<AmiClient> {
  const client = new AmiClient({ url: AMI_URL, reconnect: false, actionTimeoutMs: 15_000, ...options });
  open.push(client);
  await client.connect();
  return client;
}

export async function closeAll(): Promise<void> {
  await Promise.allSettled(open.splice(0).map((client) => client.close()));
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
