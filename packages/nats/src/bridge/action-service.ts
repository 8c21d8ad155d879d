import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { AmiInputError, AmiPoolExhaustedError, AmiProtocolError, newActionId, type AmiAction } from '@tsami/core';
import {
  CANCEL_HEADER,
  KIND_HEADER,
  TIMEOUT_HEADER,
  decodeJson,
  encodeJson,
  toWireError,
  type ActionReply,
  type ActionRequest,
} from '../wire.js';
import { ActionMemory } from './action-memory.js';
import type { Logger } from './logger.js';

/** Runs an action against Asterisk; the service decides whether it may run at all. */
export type ActionRunner = (
  request: ActionRequest,
  options: { signal: AbortSignal; timeoutMs: number },
) => Promise<ActionReply>;

export interface ActionServiceOptions {
  readonly server: string;
  /** The subject it serves. */
  readonly subject: string;
  readonly maxInFlight: number;
  readonly defaultTimeoutMs: number;
  readonly dedupMaxEntries: number;
  readonly dedupWindowMs: number;
}

// A caller may not hold a connection longer than this, whatever its header says.
const MAX_TIMEOUT_MS = 10 * 60_000;

/**
 * Serves `ami.<server>.action`: each request runs at most once. A request repeating an
 * ActionID the service remembers gets the first outcome; a cancel notice aborts the wait of
 * a running one; beyond `maxInFlight` requests are refused without being sent.
 */
export class ActionService {
  private subscription: Subscription | undefined;
  private readonly memory: ActionMemory;
  private readonly running = new Map<string, AbortController>();
  private readonly finished = new Set<Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly run: ActionRunner,
    private readonly options: ActionServiceOptions,
    private readonly log: Logger,
  ) {
    this.memory = new ActionMemory(options.dedupMaxEntries, options.dedupWindowMs);
  }

  /** Actions running now. */
  get inFlight(): number {
    return this.running.size;
  }

  /** Subscribes; the caller flushes the connection before saying it is ready. */
  start(): void {
    // One queue group per server: a second bridge for the same server shares the requests
    // instead of running each twice.
    this.subscription = this.nc.subscribe(this.options.subject, {
      queue: `tsami-bridge.${this.options.server}`,
      callback: (error, msg) => {
        if (error)
          this.log({ level: 'error', server: this.options.server, message: `action subscription: ${error.message}` });
        else void this.handle(msg);
      },
    });
  }

  /** Stops taking requests, aborts the waits of running ones and waits for their answers. */
  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    for (const controller of this.running.values()) controller.abort(new Error('bridge closing'));
    await Promise.allSettled([...this.finished]);
  }

  private async handle(msg: Msg): Promise<void> {
    const cancel = msg.headers?.get(CANCEL_HEADER);
    if (cancel) {
      this.running.get(cancel)?.abort(new Error('cancelled by the caller'));
      return;
    }
    if (!msg.reply) {
      // A plain publish: nobody would learn the outcome, so it does not run.
      this.log({
        level: 'warn',
        server: this.options.server,
        message: 'ignored an action published without a reply subject',
      });
      return;
    }
    const request = this.parse(msg);
    if ('ok' in request) return this.reply(msg, request);
    const actionId = request.action.ActionID as string;

    // A repeat is answered before the bound applies: refusing it as "unsent" would invite a second run.
    const known = this.memory.lookup(actionId, request.action.Action);
    if (known?.kind === 'duplicate') return this.reply(msg, await known.outcome);
    if (known?.kind === 'conflict') {
      const conflict = new AmiInputError(
        `ActionID ${JSON.stringify(actionId)} was already used for ${known.action}; a duplicate is never run`,
        'ActionID',
      );
      return this.reply(msg, { ok: false, error: toWireError(conflict, false) });
    }
    if (this.running.size >= this.options.maxInFlight) {
      const refused = new AmiPoolExhaustedError(
        `${request.action.Action}: the bridge of ${this.options.server} already runs ${this.options.maxInFlight} actions (maxInFlightActions)`,
      );
      return this.reply(msg, { ok: false, error: toWireError(refused, false) });
    }
    const settle = this.memory.begin(actionId, request.action.Action);

    const controller = new AbortController();
    this.running.set(actionId, controller);
    const done = (async () => {
      const timeoutMs = this.timeoutOf(msg);
      let reply: ActionReply;
      try {
        reply = await this.run(request, { signal: controller.signal, timeoutMs });
      } catch (error) {
        reply = { ok: false, error: toWireError(error) };
      } finally {
        this.running.delete(actionId);
      }
      settle(reply);
      this.reply(msg, reply);
    })();
    this.finished.add(done);
    await done;
    this.finished.delete(done);
  }

  private parse(msg: Msg): ActionRequest | ActionReply {
    const invalid = (message: string, field: string): ActionReply => ({
      ok: false,
      error: toWireError(new AmiInputError(message, field), false),
    });
    let body: unknown;
    try {
      body = decodeJson(msg.data);
    } catch {
      return invalid('the request is not JSON', 'request');
    }
    const action = (body as { action?: unknown } | null)?.action as AmiAction | undefined;
    if (typeof action !== 'object' || action === null || typeof action.Action !== 'string' || action.Action === '') {
      return invalid('the request has no action with an "Action" name', 'Action');
    }
    if (action.ActionID !== undefined && (typeof action.ActionID !== 'string' || action.ActionID === '')) {
      return invalid('ActionID must be a non-empty string', 'ActionID');
    }
    // Without an ActionID a retry cannot be recognised; the caller chose that.
    const withId: AmiAction = action.ActionID === undefined ? { ...action, ActionID: newActionId() } : action;
    if (msg.headers?.get(KIND_HEADER) === 'list') {
      const complete = (body as { completeEvent?: unknown }).completeEvent;
      const completeEvent = Array.isArray(complete) ? complete.filter((c): c is string => typeof c === 'string') : [];
      return { action: withId, completeEvent };
    }
    return { action: withId };
  }

  private timeoutOf(msg: Msg): number {
    const header = Number(msg.headers?.get(TIMEOUT_HEADER));
    return Number.isFinite(header) && header > 0 ? Math.min(header, MAX_TIMEOUT_MS) : this.options.defaultTimeoutMs;
  }

  private reply(msg: Msg, reply: ActionReply): void {
    let body = encodeJson(reply);
    const limit = this.nc.info?.max_payload;
    if (limit !== undefined && body.length > limit) {
      // E.g. a huge list: say so instead of leaving the caller to time out.
      const tooBig = new AmiProtocolError(
        `the answer of ${body.length} bytes exceeds the NATS server's max_payload of ${limit} bytes`,
      );
      body = encodeJson({ ok: false, error: toWireError(tooBig, true) } satisfies ActionReply);
    }
    try {
      msg.respond(body);
    } catch (error) {
      // Connection closing: the caller times out; the outcome stays remembered for its retry.
      this.log({
        level: 'warn',
        server: this.options.server,
        message: `could not answer a request: ${(error as Error).message}`,
      });
    }
  }
}
