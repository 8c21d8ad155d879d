import type { NatsConnection } from '@nats-io/transport-node';
import { AmiClient, AmiPool, reconnectDelay, type AmiEvent } from '@tsami/core';
import type { Subjects } from '../subjects.js';
import type { ActionReply, BridgeStatus, BusEventBody } from '../wire.js';
import { ActionService } from './action-service.js';
import type { ResolvedLimits, ResolvedServerConfig } from './config.js';
import { EventPublisher } from './event-publisher.js';
import type { Logger } from './logger.js';
import { redact } from './redact.js';
import { runOnPool } from './run-on-pool.js';

type StatusBody = BridgeStatus extends infer S ? (S extends BridgeStatus ? Omit<S, 'server' | 'at'> : never) : never;

/**
 * One Asterisk server on the bus: an event client (reconnecting) whose events go into the
 * stream, a pool that serves the action requests, and the server's status.
 */
export class ServerBridge {
  private readonly events: AmiClient;
  private readonly pool: AmiPool;
  private readonly publisher: EventPublisher;
  private readonly actions: ActionService;
  private readonly log: Logger;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    nc: NatsConnection,
    private readonly config: ResolvedServerConfig,
    limits: ResolvedLimits,
    private readonly subjects: Subjects,
    log: Logger,
  ) {
    const { name, secrets } = config;
    // Whatever leaves the bridge passes through redact().
    this.log = (entry) => log({ ...entry, server: name, message: redact(entry.message, secrets) });
    this.events = new AmiClient({ ...config.clientOptions, events: 'on' });
    this.pool = new AmiPool({
      ...config.clientOptions,
      events: 'off',
      minConnections: 1,
      maxConnections: config.maxConnections,
      acquireTimeoutMs: config.actionTimeoutMs,
    });
    this.pool.on('error', (error) => this.log({ level: 'warn', message: `action pool: ${(error as Error).message}` }));
    this.publisher = new EventPublisher(
      nc,
      limits.maxPendingPublishes,
      limits.ackTimeoutMs,
      (dropped) => {
        this.log({ level: 'warn', message: `NATS accepts events again; ${dropped} events were dropped` });
        this.status({ state: 'gap', reason: 'backlog', dropped });
      },
      (why) => this.log({ level: 'warn', message: `dropping events: ${why}` }),
    );
    this.actions = new ActionService(
      nc,
      async (request, options) => this.redactReply(await runOnPool(this.pool, request, options)),
      {
        server: name,
        subject: subjects.action(name),
        maxInFlight: config.maxInFlightActions,
        defaultTimeoutMs: config.actionTimeoutMs,
        dedupMaxEntries: limits.dedupMaxEntries,
        dedupWindowMs: limits.dedupWindowMs,
      },
      this.log,
    );
    this.events.on('event', (event) => this.onEvent(event));
    this.events.on('connected', () => this.status({ state: 'connected' }));
    this.events.on('disconnected', (error) => this.status({ state: 'disconnected', error: error.message }));
    this.events.on('reconnecting', ({ attempt, error }) =>
      this.status({ state: 'reconnecting', attempt, error: String((error as Error)?.message ?? error) }),
    );
    this.events.on('gap', (gap) => this.status({ state: 'gap', reason: gap.reason, dropped: gap.dropped }));
    this.events.on('close', (error) => {
      if (!this.closed && error) this.log({ level: 'error', message: `event connection gave up: ${error.message}` });
    });
  }

  get name(): string {
    return this.config.name;
  }

  /** Actions running now and publishes waiting for NATS. */
  get load(): { actionsInFlight: number; pendingPublishes: number } {
    return { actionsInFlight: this.actions.inFlight, pendingPublishes: this.publisher.size };
  }

  /**
   * Starts serving actions at once and connects to Asterisk; a server that cannot be reached
   * yet is retried in the background (its requests are refused, unsent, meanwhile).
   */
  start(): void {
    this.actions.start();
    this.pool
      .connect()
      .catch((error: unknown) => this.log({ level: 'warn', message: `action pool: ${(error as Error).message}` }));
    this.connectEvents(1);
  }

  private connectEvents(attempt: number): void {
    this.events.connect().catch((error: unknown) => {
      if (this.closed) return;
      const delayMs = reconnectDelay(attempt, { initialDelayMs: 250, maxDelayMs: 30_000, factor: 2 });
      this.status({ state: 'reconnecting', attempt, error: (error as Error).message });
      this.retryTimer = setTimeout(() => this.connectEvents(attempt + 1), delayMs);
    });
  }

  private onEvent(event: AmiEvent): void {
    const body: BusEventBody = { server: this.config.name, receivedAt: Date.now(), event };
    this.publisher.publish(this.subjects.event(this.config.name, event.Event), body);
  }

  /** Publishes (and logs) a state of this server; an error message in it is redacted here. */
  private status(status: StatusBody): void {
    const redacted =
      'error' in status && status.error !== undefined
        ? { ...status, error: redact(status.error, this.config.secrets) }
        : status;
    const body = { server: this.config.name, at: Date.now(), ...redacted } as BridgeStatus;
    this.log({
      level: status.state === 'connected' || status.state === 'closed' ? 'info' : 'warn',
      message: `status ${JSON.stringify(body)}`,
    });
    this.publisher.publish(this.subjects.status(this.config.name), body);
  }

  private redactReply(reply: ActionReply): ActionReply {
    if (reply.ok) return reply;
    return { ok: false, error: { ...reply.error, message: redact(reply.error.message, this.config.secrets) } };
  }

  /** Stops serving, closes both AMI sides, and waits (bounded) for the last publishes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.actions.stop();
    await this.events.close();
    this.status({ state: 'closed' });
    await Promise.all([this.pool.closeAll(), this.publisher.close(5_000)]);
  }
}
