import { channel } from 'node:diagnostics_channel';

/**
 * Names of the `node:diagnostics_channel` channels tsami publishes on. Subscribing costs nothing
 * when nobody listens (tsami checks `hasSubscribers` before building a message). Messages carry
 * names, ids, durations and outcomes; never a secret, and action field values only when the
 * client was created with `traceFields: true`.
 */
export const channelNames = {
  /** A connection attempt ended: logged in, or failed. {@link ConnectMessage} */
  connect: 'tsami:connect',
  /** An action is about to be queued for the socket. {@link ActionStartMessage} */
  actionStart: 'tsami:action:start',
  /** An action ended (answered, failed, timed out, aborted, lost). {@link ActionEndMessage} */
  actionEnd: 'tsami:action:end',
  /** An event reached the client's consumers. {@link EventMessage} */
  event: 'tsami:event',
  /** A reconnect attempt is scheduled. {@link ReconnectMessage} */
  reconnect: 'tsami:reconnect',
  /** Events may have been missed. {@link GapMessage} */
  gap: 'tsami:gap',
  /** A pool handed out a connection (or gave up waiting). {@link PoolAcquireMessage} */
  poolAcquire: 'tsami:pool:acquire',
  /** A pooled connection went back to its pool. {@link PoolReleaseMessage} */
  poolRelease: 'tsami:pool:release',
} as const;

/** Where a connection goes: never the secret. */
export interface ConnectionInfo {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly username: string;
}

export interface ConnectMessage {
  readonly connection: ConnectionInfo;
  readonly durationMs: number;
  /** From the banner, when logged in. */
  readonly amiVersion?: string | undefined;
  /** Set when the attempt failed. */
  readonly error?: unknown;
}

export interface ActionStartMessage {
  readonly connection: ConnectionInfo;
  readonly action: string;
  readonly actionId: string;
  /** The action's fields (secrets masked), only with `traceFields: true`. */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

/** How an action ended. */
export type ActionOutcome = 'success' | 'error' | 'timeout' | 'aborted' | 'lost';

export interface ActionEndMessage {
  readonly connection: ConnectionInfo;
  readonly action: string;
  readonly actionId: string;
  readonly durationMs: number;
  readonly outcome: ActionOutcome;
  /** The error the caller got, for every outcome but `success`. */
  readonly error?: unknown;
}

export interface EventMessage {
  readonly connection: ConnectionInfo;
  /** The event's name (`Event:`). */
  readonly name: string;
  /** The event as delivered to consumers. */
  readonly event: Readonly<Record<string, unknown>>;
}

export interface ReconnectMessage {
  readonly connection: ConnectionInfo;
  readonly attempt: number;
  readonly delayMs: number;
}

export interface GapMessage {
  readonly connection: ConnectionInfo;
  readonly reason: string;
  readonly at: Date;
}

export interface PoolAcquireMessage {
  readonly connection: ConnectionInfo;
  readonly waitedMs: number;
  /** Set when no connection was handed out. */
  readonly error?: unknown;
}

export interface PoolReleaseMessage {
  readonly connection: ConnectionInfo;
  /** True when the connection was closed instead of kept. */
  readonly destroyed: boolean;
  readonly heldMs: number;
}

/** @internal The channel objects, created once per process whichever copy of tsami loads them. */
export const channels = {
  connect: channel(channelNames.connect),
  actionStart: channel(channelNames.actionStart),
  actionEnd: channel(channelNames.actionEnd),
  event: channel(channelNames.event),
  reconnect: channel(channelNames.reconnect),
  gap: channel(channelNames.gap),
  poolAcquire: channel(channelNames.poolAcquire),
  poolRelease: channel(channelNames.poolRelease),
};
