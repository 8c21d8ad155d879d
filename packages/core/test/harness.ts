import { afterEach, beforeEach, vi } from 'vitest';
import { AmiClient, type AmiClientOptions } from '../src/index.js';
import { FakeAmiServer } from '../src/testing/index.js';

/** A fresh fake server per test, and clients that are destroyed after it (real timers restored). */
export interface FakeServerHarness {
  readonly server: FakeAmiServer;
  /** A client of the current server: `defaults`, then `options`. */
  client: (options?: Partial<AmiClientOptions>) => AmiClient;
}

export function fakeServerPerTest(defaults: Partial<AmiClientOptions>): FakeServerHarness {
  let current: FakeAmiServer | undefined;
  const clients: AmiClient[] = [];
  beforeEach(async () => {
    current = await FakeAmiServer.start();
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const c of clients.splice(0)) c.destroy();
    await current?.close();
  });
  return {
    get server() {
      return current!;
    },
    client(options = {}) {
      const c = new AmiClient({ url: current!.url, reconnect: false, ...defaults, ...options });
      clients.push(c);
      return c;
    },
  };
}
