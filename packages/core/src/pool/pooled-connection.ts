import { inspect, type InspectOptionsStylized } from 'node:util';
import type { AmiClient } from '../connection/client.js';
import type { AmiDefaultEventMap, AmiEventMapOf } from '../events/event-map.js';
import type { AmiSender, SendListOptions, SendOptions } from '../connection/sender.js';
import { inspectSummary } from '../connection/summary.js';
import { AmiPoolMisuseError } from '../errors/errors.js';
import type { AmiAction, AmiEvent, AmiListResult, AmiResponse } from '../protocol/message.js';

/**
 * A connection lent by an `AmiPool`. It is an `AmiSender`, so the action packages take it as
 * they take a client. After `release` it refuses further actions.
 */
export class PooledConnection<M extends AmiEventMapOf<M> = AmiDefaultEventMap> implements AmiSender {
  /** @internal */
  released = false;

  /** @internal */
  constructor(
    /** The underlying client (owned by the pool: do not close it yourself, release it with `destroy`). */
    readonly client: AmiClient<M>,
  ) {}

  send(action: AmiAction, options?: SendOptions): Promise<AmiResponse> {
    if (this.released) return Promise.reject(this.afterRelease(action));
    return this.client.send(action, options);
  }

  sendList<E extends AmiEvent = AmiEvent, C extends AmiEvent = AmiEvent>(
    action: AmiAction,
    options?: SendListOptions,
  ): Promise<AmiListResult<E, C>> {
    if (this.released) return Promise.reject(this.afterRelease(action));
    return this.client.sendList<E, C>(action, options);
  }

  /** What `JSON.stringify` shows: whether it was released, and its client's target and state. */
  toJSON(): {
    /** Whether the connection went back to its pool. */
    released: boolean;
    /** The lent client's own summary. */
    client: ReturnType<AmiClient['toJSON']>;
  } {
    return { released: this.released, client: this.client.toJSON() };
  }

  /** What `util.inspect` and `console.log` show: the same as `toJSON()`, never the secret. */
  [inspect.custom](depth: number, options: InspectOptionsStylized, inspectFn: typeof inspect): string {
    return inspectSummary(
      'PooledConnection',
      { released: this.released, client: this.client },
      depth,
      options,
      inspectFn,
    );
  }

  private afterRelease(action: AmiAction): AmiPoolMisuseError {
    return new AmiPoolMisuseError(`${action.Action}: this pooled connection was already released to the pool`);
  }
}
