import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { AmiInputError, type AmiEvent } from '@tsami/core';
import { checkServerName, isToken, subjects } from '../subjects.js';
import { decodeJson, type BridgeStatus, type BusEventBody } from '../wire.js';

/** An event read from the bus. */
export interface BusEvent<E extends AmiEvent = AmiEvent> {
  /** The Asterisk server it came from. */
  readonly server: string;
  /** When the bridge received it from Asterisk. */
  readonly receivedAt: Date;
  /** The event as Asterisk sent it. */
  readonly event: E;
  /** Its sequence number in the stream. */
  readonly seq: number;
}

/** Events of `server` may be missing before this point: resync what you derive from them. */
export interface BusGap {
  /** The Asterisk server whose events are missing. */
  readonly server: string;
  /** `reconnect`: AMI dropped; `overflow`: the bridge's own event buffer overflowed; `backlog`: NATS was too slow or down. */
  readonly reason: 'reconnect' | 'overflow' | 'backlog';
  /** Events known to be lost; 0 when unknown. */
  readonly dropped: number;
  /** When the bridge noticed the gap. */
  readonly at: Date;
}

/** Options of `natsEvents`: which consumer, which servers and events. */
export interface NatsEventsOptions {
  /** The durable consumer's name: a restarted service continues where it stopped; instances with the same name share the events. */
  durable: string;
  /** Only these servers; default all. */
  servers?: readonly string[];
  /** Only these event names (case as Asterisk sends them); default all. */
  names?: readonly string[];
  /** First token of the subjects, as configured on the bridge. Default `ami`. */
  prefix?: string;
  /** The bridge's stream. Default `AMI`. */
  stream?: string;
  /** Where a durable that does not exist yet starts: `new` events only (default) or `all` the stream holds. */
  start?: 'new' | 'all';
  /** An event handed out and not acknowledged within this is delivered again. Default 30 000 ms. */
  ackWaitMs?: number;
  /** Events pulled ahead of the loop. Default 256. */
  prefetch?: number;
  /** Ends the iteration. */
  signal?: AbortSignal;
  /** Called for each gap a bridge published, in stream order. */
  onGap?: (gap: BusGap) => void;
  /** Called for every status a bridge published (connected, reconnecting, gap, closed, ...). */
  onStatus?: (status: BridgeStatus) => void;
}

/** The iterator `natsEvents` returns. */
export interface NatsEventStream<E extends AmiEvent = AmiEvent> extends AsyncIterableIterator<BusEvent<E>> {
  /** Resolves once the durable consumer exists, so events published from then on will be read. */
  readonly ready: Promise<void>;
}

/**
 * Reads the bridge's events from the stream through a durable consumer (with `for await`).
 * An event is acknowledged when the loop asks for the next one, so an event whose handling was
 * interrupted (crash, `break`, an exception) is delivered again: to a restarted service or to
 * another instance sharing the durable. Delivery is therefore at least once.
 *
 * ```ts
 * const events = natsEvents<HangupEvent>(js, { durable: 'billing', names: ['Hangup'], servers: ['pbx1', 'pbx2'] });
 * for await (const { server, event } of events) record(server, event.Uniqueid);
 * ```
 *
 * Needs nats-server 2.9 or later (one filter subject per consumer: the server and name filters
 * beyond it are applied here, acknowledging what they skip).
 */
export function natsEvents<E extends AmiEvent = AmiEvent>(
  js: JetStreamClient,
  options: NatsEventsOptions,
): NatsEventStream<E> {
  const stream = options.stream ?? 'AMI';
  if (!isToken(options.durable)) {
    throw new AmiInputError('durable must be 1-64 letters, digits, "_" or "-"', 'durable');
  }
  for (const server of options.servers ?? []) checkServerName(server);
  const servers = options.servers ? new Set(options.servers) : undefined;
  const names = options.names ? new Set(options.names) : undefined;
  const only = options.servers?.length === 1 ? options.servers[0] : undefined;
  const filterSubject = subjects(options.prefix).server(only);

  const ready = (async () => {
    const jsm = await js.jetstreamManager();
    const existing = await jsm.consumers.info(stream, options.durable).catch(() => undefined);
    if (existing) {
      if (existing.config.filter_subject !== filterSubject) {
        await jsm.consumers.update(stream, options.durable, { filter_subject: filterSubject });
      }
      return;
    }
    await jsm.consumers.add(stream, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: options.start === 'all' ? DeliverPolicy.All : DeliverPolicy.New,
      ack_wait: (options.ackWaitMs ?? 30_000) * 1_000_000,
      filter_subject: filterSubject,
    });
  })();
  // Reported by the first next(); a consumer that never iterates must not crash the process.
  ready.catch(() => undefined);

  async function* read(): AsyncGenerator<BusEvent<E>, void, undefined> {
    await ready;
    const { signal } = options;
    if (signal?.aborted) return;
    const consumer = await js.consumers.get(stream, options.durable);
    const messages = await consumer.consume({ max_messages: options.prefetch ?? 256 });
    // Driven by hand (not `for await`) so that leaving the loop does not discard what was pulled.
    const pulled = messages[Symbol.asyncIterator]();
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => (stopping ??= stopPulling(messages));
    const onAbort = (): void => void stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    const unhandled: JsMsg[] = [];
    try {
      for (;;) {
        const next = await pulled.next();
        if (next.done) return;
        const msg = next.value;
        if (signal?.aborted) {
          unhandled.push(msg);
          continue;
        }
        const item = decode<E>(msg);
        if (item.kind === 'invalid') {
          // Not written by a bridge: never deliverable, do not let it come back.
          msg.term();
          continue;
        }
        if (item.kind === 'status') {
          const status = item.status;
          options.onStatus?.(status);
          if (status.state === 'gap') {
            options.onGap?.({
              server: status.server,
              reason: status.reason,
              dropped: status.dropped,
              at: new Date(status.at),
            });
          }
          msg.ack();
          continue;
        }
        const { event } = item;
        if ((servers && !servers.has(event.server)) || (names && !names.has(event.event.Event))) {
          msg.ack();
          continue;
        }
        unhandled.push(msg);
        yield event;
        // The loop asked for the next one: this one is handled.
        unhandled.pop()?.ack();
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // Stop pulling, take everything the server sent to this pull, and hand it all back. Naks
      // sent while the pull is still open could be handed straight back to this dying pull and
      // only come back after the ack wait.
      await stop();
      for (let next = await pulled.next(); !next.done; next = await pulled.next()) unhandled.push(next.value);
      // The server may still hold this pull's request, and hands a redelivered message to a
      // request without checking its interest; answering an info request makes it drop those
      // whose inbox is gone. Only then are the naks safe.
      await consumer.info().catch(() => undefined);
      for (const msg of unhandled) msg.nak();
    }
  }

  const iterator = read();
  return Object.assign(iterator, { ready });
}

/**
 * Ends a `consume()` pull without losing what is on the wire. Unsubscribing at once would drop
 * the messages the server sent before it saw the unsubscribe: they would stay unacknowledged,
 * out of everyone's reach until the ack wait. Draining the pull's subscription first receives
 * them; the server sends no new messages to an inbox without interest.
 */
async function stopPulling(messages: ConsumerMessages): Promise<void> {
  // The subscription is not part of ConsumerMessages' interface: should a later version hide
  // it, stopping at once is what remains (and a test here fails).
  const sub = (messages as { sub?: { drain?: () => Promise<void> } }).sub;
  if (typeof sub?.drain === 'function') await sub.drain().catch(() => undefined);
  messages.stop();
}

type Decoded<E extends AmiEvent> =
  | { readonly kind: 'event'; readonly event: BusEvent<E> }
  | { readonly kind: 'status'; readonly status: BridgeStatus }
  | { readonly kind: 'invalid' };

function decode<E extends AmiEvent>(msg: JsMsg): Decoded<E> {
  let body: unknown;
  try {
    body = decodeJson(msg.data);
  } catch {
    return { kind: 'invalid' };
  }
  if (typeof body !== 'object' || body === null || typeof (body as { server?: unknown }).server !== 'string')
    return { kind: 'invalid' };
  if (msg.subject.endsWith('.status')) return { kind: 'status', status: body as BridgeStatus };
  const { server, receivedAt, event } = body as BusEventBody<E>;
  if (typeof event?.Event !== 'string') return { kind: 'invalid' };
  return { kind: 'event', event: { server, receivedAt: new Date(receivedAt), event, seq: msg.seq } };
}
