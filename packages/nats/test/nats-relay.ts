import { once } from 'node:events';
import net from 'node:net';

/**
 * A TCP relay in front of a nats-server that can hold back what the server sends, so a test can
 * keep messages "on the wire" while the client acts, and let them through once the client has
 * sent a given protocol verb (e.g. `UNSUB`).
 */
export class NatsRelay {
  private held = false;
  private releaseOn: string | undefined;
  private readonly backlog: { socket: net.Socket; chunk: Buffer }[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(natsUrl: string): Promise<NatsRelay> {
    const target = new URL(natsUrl.includes('://') ? natsUrl : `nats://${natsUrl}`);
    const server = net.createServer();
    const relay = new NatsRelay(server);
    server.on('connection', (client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      relay.sockets.add(client).add(upstream);
      upstream.on('data', (chunk) => relay.toClient(client, chunk));
      // The end of the previous chunk too, so that a verb split between two reads is seen.
      let tail = '';
      client.on('data', (chunk) => {
        const text = tail + chunk.toString('latin1');
        tail = text.slice(-16);
        if (relay.releaseOn !== undefined && text.includes(relay.releaseOn)) relay.release();
        upstream.write(chunk);
      });
      const end = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return relay;
  }

  get url(): string {
    return `nats://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Keeps back everything the server sends from now on. */
  hold(): void {
    this.held = true;
  }

  /** Lets the held bytes through, in order, as soon as the client sends `verb`. */
  releaseWhenClientSends(verb: string): void {
    this.releaseOn = verb;
  }

  /** Bytes held back so far. */
  get heldBytes(): number {
    return this.backlog.reduce((n, { chunk }) => n + chunk.length, 0);
  }

  release(): void {
    this.held = false;
    this.releaseOn = undefined;
    for (const { socket, chunk } of this.backlog.splice(0)) socket.write(chunk);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private toClient(client: net.Socket, chunk: Buffer): void {
    if (this.held) this.backlog.push({ socket: client, chunk });
    else client.write(chunk);
  }
}
