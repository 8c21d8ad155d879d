import { createHash, randomInt } from 'node:crypto';
import net from 'node:net';
import type { AmiMessage } from '../protocol/message.js';
import { AmiParser } from '../protocol/parser.js';
import { eventFrame, responseFrame, type FrameFields } from './frames.js';

/** An action as the fake server received it (header names as sent). */
export type ReceivedAction = AmiMessage & {
  /** The action name as sent. */
  readonly Action: string;
  /** The ActionID as sent, if any. */
  readonly ActionID?: string;
};

/**
 * Handles one action. Return a reply to send (a raw string, or fields of a `Response`), or
 * `undefined` after answering yourself through `connection` — or never answer, to simulate a
 * server that hangs.
 */
export type FakeActionHandler = (
  action: ReceivedAction,
  connection: FakeAmiConnection,
) =>
  | string
  | (FrameFields & {
      /** The `Response:` value. Default `Success`. */
      Response?: string;
    })
  | undefined
  | Promise<
      | string
      | (FrameFields & {
          /** The `Response:` value. Default `Success`. */
          Response?: string;
        })
      | undefined
    >;

/** Options of {@link FakeAmiServer.start}. */
export interface FakeAmiServerOptions {
  /** Banner line without its line end. Default `Asterisk Call Manager/11.0.0` (Asterisk 22). */
  banner?: string;
  /** Accepted users and secrets. Default `{ admin: 'admin' }`. */
  users?: Record<string, string>;
  /** Write everything in chunks of at most this many bytes (to exercise reassembly). */
  chunkSize?: number;
}

/** The server side of one client connection. */
export class FakeAmiConnection {
  /** Actions received on this connection, in order. */
  readonly actions: ReceivedAction[] = [];
  /** The user that logged in on this connection; undefined before login. */
  username: string | undefined;
  /** The `Events:` value given at login (`on` when absent). */
  events = 'on';
  private challenge: string | undefined;

  constructor(
    /** The server end of the TCP connection (destroy it to simulate a drop). */
    readonly socket: net.Socket,
    private readonly server: FakeAmiServer,
  ) {}

  /** Whether a login succeeded on this connection. */
  get loggedIn(): boolean {
    return this.username !== undefined;
  }

  /** Writes raw bytes, split in chunks when the server was told to. */
  write(data: string | Buffer): void {
    if (this.socket.destroyed) return;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const size = this.server.chunkSize;
    if (!size) {
      this.socket.write(bytes);
      return;
    }
    for (let i = 0; i < bytes.length; i += size) this.socket.write(bytes.subarray(i, i + size));
  }

  /** Sends a response to `action`, echoing its ActionID. */
  respond(action: ReceivedAction, fields: FrameFields & { Response?: string } = {}): void {
    this.write(responseFrame(action.ActionID, fields));
  }

  /** Sends an event (to this connection only, whatever its event mask). */
  sendEvent(name: string, fields: FrameFields = {}): void {
    this.write(eventFrame(name, fields));
  }

  /** Drops the connection abruptly. */
  destroy(): void {
    this.socket.destroy();
  }

  /** @internal */
  handleBuiltin(action: ReceivedAction): string | (FrameFields & { Response?: string }) | undefined | false {
    const name = action.Action.toLowerCase();
    if (name === 'challenge') {
      this.challenge = String(randomInt(100_000_000, 999_999_999));
      return { Challenge: this.challenge };
    }
    if (name === 'login') {
      const user = String(action.Username ?? '');
      const secret = this.server.users[user];
      const key = String(action.Key ?? '');
      const ok =
        secret !== undefined &&
        (String(action.AuthType ?? '').toLowerCase() === 'md5'
          ? this.challenge !== undefined &&
            key ===
              createHash('md5')
                .update(this.challenge + secret)
                .digest('hex')
          : action.Secret === secret);
      if (!ok) {
        this.respond(action, { Response: 'Error', Message: 'Authentication failed' });
        // Asterisk hangs up after a failed login.
        this.socket.end();
        return undefined;
      }
      this.username = user;
      const events = action.Events;
      this.events = typeof events === 'string' ? events : 'on';
      return { Message: 'Authentication accepted' };
    }
    if (!this.loggedIn) return { Response: 'Error', Message: 'Authentication Required' };
    if (name === 'logoff') {
      this.respond(action, { Response: 'Goodbye', Message: 'Thanks for all the fish.' });
      this.socket.end();
      return undefined;
    }
    if (name === 'ping') return { Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) };
    if (name === 'events') {
      this.events = String(action.EventMask ?? 'on');
      return { Events: this.events === 'off' ? 'Off' : 'On' };
    }
    return false;
  }
}

/**
 * An in-process AMI server for tests, listening on 127.0.0.1 on a free port. It speaks the
 * protocol like Asterisk does (banner, MD5 and plain login, Logoff, Ping,
 * `Invalid/unknown command`), lets tests script answers per action, push events, and break
 * connections.
 *
 * ```ts
 * const server = await FakeAmiServer.start();
 * server.handle('CoreStatus', () => ({ CoreCurrentCalls: 0 }));
 * const client = new AmiClient({ url: server.url, reconnect: false });
 * ```
 */
export class FakeAmiServer {
  /** Accepted users and their secrets. */
  readonly users: Record<string, string>;
  /** The banner line sent to each new connection. */
  readonly banner: string;
  /** When set, every write is split in chunks of at most this many bytes; may be changed at any time. */
  chunkSize: number | undefined;
  /** Every action received, on any connection, in order. */
  readonly received: ReceivedAction[] = [];
  /** The open connections. */
  readonly connections = new Set<FakeAmiConnection>();
  private readonly handlers = new Map<string, FakeActionHandler>();
  private readonly connectionWaiters: ((connection: FakeAmiConnection) => void)[] = [];

  private constructor(
    private readonly server: net.Server,
    options: FakeAmiServerOptions,
  ) {
    this.users = options.users ?? { admin: 'admin' };
    this.banner = options.banner ?? 'Asterisk Call Manager/11.0.0';
    this.chunkSize = options.chunkSize;
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  static async start(options: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FakeAmiServer(server, options);
  }

  /** The port the server listens on. */
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** The address the server listens on: `127.0.0.1`. */
  get host(): string {
    return '127.0.0.1';
  }

  /** `ami://user:secret@127.0.0.1:port` for the first configured user. */
  get url(): string {
    const [user, secret] = Object.entries(this.users)[0] ?? ['admin', 'admin'];
    return `ami://${encodeURIComponent(user)}:${encodeURIComponent(secret)}@${this.host}:${this.port}`;
  }

  /** Answers `action` (case-insensitive name) with `handler`, replacing any earlier handler. */
  handle(action: string, handler: FakeActionHandler): this {
    this.handlers.set(action.toLowerCase(), handler);
    return this;
  }

  /** Sends an event to every logged-in connection whose event mask is not `off`. */
  broadcastEvent(name: string, fields: FrameFields = {}): void {
    const bytes = eventFrame(name, fields);
    for (const connection of this.connections) {
      if (connection.loggedIn && connection.events !== 'off') connection.write(bytes);
    }
  }

  /** Writes raw bytes to every logged-in connection. */
  broadcastRaw(data: string | Buffer): void {
    for (const connection of this.connections) if (connection.loggedIn) connection.write(data);
  }

  /** Resolves with the next connection the server accepts. */
  nextConnection(): Promise<FakeAmiConnection> {
    return new Promise((resolve) => this.connectionWaiters.push(resolve));
  }

  /** Drops every client connection abruptly (the server keeps listening). */
  dropAll(): void {
    for (const connection of this.connections) connection.destroy();
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const connection = new FakeAmiConnection(socket, this);
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', () => undefined);
    const parser = new AmiParser({ expectBanner: false });
    socket.on('data', (chunk: Buffer) => {
      try {
        parser.parse(chunk, (message) => void this.onAction(connection, message));
      } catch {
        socket.destroy();
      }
    });
    connection.write(`${this.banner}\r\n`);
    for (const waiter of this.connectionWaiters.splice(0)) waiter(connection);
  }

  private async onAction(connection: FakeAmiConnection, message: AmiMessage): Promise<void> {
    const name = message.Action;
    if (typeof name !== 'string') return;
    const action = message as ReceivedAction;
    connection.actions.push(action);
    this.received.push(action);
    const handler = this.handlers.get(name.toLowerCase());
    let reply: Awaited<ReturnType<FakeActionHandler>> | false;
    if (handler && (connection.loggedIn || name.toLowerCase() === 'login' || name.toLowerCase() === 'challenge')) {
      reply = await handler(action, connection);
    } else {
      reply = connection.handleBuiltin(action);
      if (reply === false) reply = { Response: 'Error', Message: 'Invalid/unknown command' };
    }
    if (reply === undefined) return;
    if (typeof reply === 'string') connection.write(reply);
    else connection.respond(action, reply);
  }
}
