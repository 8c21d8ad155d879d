import net from 'node:net';
import { AmiClient, parseAmiUrl, type AmiClientOptions } from '@tsami/core';

/**
 * Integration tests talk to the real Asterisk given by AMI_URL (the project's sandbox,
 * tools/asterisk-sandbox, with its `tsami-test` dialplan and `tsami-queue`); without it they are
 * skipped. They only create, change and hang up their own channels and queue members.
 */
export const AMI_URL = process.env.AMI_URL;
export const hasAsterisk = AMI_URL !== undefined && AMI_URL !== '';

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

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs` with the last value. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(value, null, 1)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A TCP relay between a client and Asterisk, so a test can cut the client's connection the way
 * a network failure would (the client sees its socket closed and reconnects through the relay).
 */
export class Relay {
  private readonly sockets = new Set<net.Socket>();
  private constructor(private readonly server: net.Server) {}

  static async start(): Promise<Relay> {
    const target = parseAmiUrl(AMI_URL!);
    const server = net.createServer();
    const relay = new Relay(server);
    server.on('connection', (inbound) => {
      const outbound = net.connect({ host: target.host, port: target.port });
      for (const socket of [inbound, outbound]) {
        relay.sockets.add(socket);
        socket.on('close', () => relay.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      inbound.pipe(outbound).on('close', () => inbound.destroy());
      outbound.pipe(inbound).on('close', () => outbound.destroy());
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  /** `ami://…` of the relay, with AMI_URL's user and secret. */
  get url(): string {
    const parsed = new URL(AMI_URL!);
    parsed.host = `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    return parsed.toString();
  }

  /** Cuts every connection through the relay. */
  cut(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
