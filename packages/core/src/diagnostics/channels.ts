import { channel } from 'node:diagnostics_channel';
import type { AmiTargetSummary } from '../connection/summary.js';

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

/** Where a connection goes, as logs show it too: host, port, user and TLS, never the secret. */
export type ConnectionInfo = AmiTargetSummary;

/** Published on `tsami:connect` when a connection attempt ends (logged in or failed). */
export interface ConnectMessage {
  /** The connection this is about. */
  readonly connection: ConnectionInfo;
  /** Time from the start of the attempt to login or failure. */
  readonly durationMs: number;
  /** From the banner, when logged in. */
  readonly amiVersion?: string | undefined;
  /** Set when the attempt failed. */
  readonly error?: unknown;
}

/** Published on `tsami:action:start` when an action is about to be queued for the socket. */
export interface ActionStartMessage {
  /** The connection this is about. */
  readonly connection: ConnectionInfo;
  /** The AMI action name, e.g. `Originate`. */
  readonly action: string;
  /** The ActionID the action was sent with. */
  readonly actionId: string;
  /** The action's fields (secrets masked), only with `traceFields: true`. */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

/** How an action ended. */
export type ActionOutcome = 'success' | 'error' | 'timeout' | 'aborted' | 'lost';

/** Published on `tsami:action:end` when an action ends, whatever the outcome. */
export interface ActionEndMessage {
  /** The connection this is about. */
  readonly connection: ConnectionInfo;
  /** The AMI action name, e.g. `Originate`. */
  readonly action: string;
  /** The ActionID the action was sent with. */
  readonly actionId: string;
  /** Time from the start of the action to its end. */
  readonly durationMs: number;
  /** How the action ended. */
  readonly outcome: ActionOutcome;
  /** The error the caller got, for every outcome but `success`. */
  readonly error?: unknown;
}

/** Published on `tsami:event` when an event reaches the client's consumers. */
export interface EventMessage {
  /** The connection this is about. */
  readonly connection: ConnectionInfo;
  /** The event's name (`Event:`). */
  readonly name: string;
  /** The event as delivered to consumers. */
  readonly event: Readonly<Record<string, unknown>>;
}

/** Published on `tsami:reconnect` when a reconnect attempt is scheduled. */
export interface ReconnectMessage {
  /** The connection this is about. */
  readonly connection: ConnectionInfo;
  /** The attempt about to be made, counting from 1. */
  readonly attempt: number;
  /** How long the client waits before the attempt. */
  readonly delayMs: number;
}

/** Published on `tsami:gap` when events may have been missed. */
export interface GapMessage {
  /** The connection this is about. */
  readonly connection: ConnectionInfo;
  /** Why: `'reconnect'` or `'overflow'`. */
  readonly reason: string;
  /** When the gap was noticed. */
  readonly at: Date;
}

/** Published on `tsami:pool:acquire` when a pool hands out a connection or gives up waiting. */
export interface PoolAcquireMessage {
  /** The connection this is about. */
  readonly connection: ConnectionInfo;
  /** How long the caller waited for a connection. */
  readonly waitedMs: number;
  /** Set when no connection was handed out. */
  readonly error?: unknown;
}

/** Published on `tsami:pool:release` when a pooled connection goes back to its pool. */
export interface PoolReleaseMessage {
  /** The connection this is about. */
  readonly connection: ConnectionInfo;
  /** True when the connection was closed instead of kept. */
  readonly destroyed: boolean;
  /** How long the connection was lent. */
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
