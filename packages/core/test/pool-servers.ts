import net from 'node:net';

/** Listens on port 0, accepts connections and never writes a byte (no banner): a hung Asterisk. */
export class SilentServer {
  readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<SilentServer> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new SilentServer(server);
  }

  get url(): string {
    return `ami://admin:admin@127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A TCP relay on port 0 in front of an AMI server. `down()` cuts every relayed connection and
 * hangs up on new ones at once (the server is gone); `up()` relays again (the server is back).
 */
export class BlipProxy {
  private isDown = false;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  /** Connections hung up on while down. */
  refused = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly targetPort: number,
    private readonly targetHost: string,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<BlipProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new BlipProxy(server, targetPort, targetHost);
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  down(): void {
    this.isDown = true;
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  up(): void {
    this.isDown = false;
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.isDown) {
      this.refused++;
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    upstream.on('error', () => client.destroy());
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    client.on('close', () => {
      upstream.destroy();
      this.pairs.delete(pair);
    });
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
