import type { FakeAmiServer, ReceivedAction } from './fake-server.js';

/** One recorded exchange: what the client sent and every byte Asterisk answered. */
export interface TranscriptExchange {
  /** The action's headers as sent (a repeated header as an array). */
  readonly action: Readonly<Record<string, string | readonly string[]>>;
  /** The raw text Asterisk answered, every message up to the end of the answer. */
  readonly reply: string;
}

/** A recording of real Asterisk traffic (see the fixtures of `@tsami/core`'s tests). */
export interface Transcript {
  /** The Asterisk version recorded against, e.g. `22.10.1`. */
  readonly asterisk: string;
  /** The AMI version from the banner, when recorded. */
  readonly amiVersion?: string;
  /** What the recording exercises, in words. */
  readonly scenario: string;
  /** The banner line Asterisk sent. */
  readonly banner: string;
  /** The recorded exchanges, in order. */
  readonly exchanges: readonly TranscriptExchange[];
}

const RECORDED_ACTION_ID = /\brec-\d{4}\b/g;

/**
 * Makes `server` answer like the recording: each action named in the transcript gets its
 * recorded replies in order, with the recorded ActionIDs replaced by the client's own.
 * Returns the exchanges not replayed yet (empty once the client has sent them all).
 */
export function replayTranscript(
  server: FakeAmiServer,
  transcript: Transcript,
): {
  /** Exchanges not replayed yet. */
  readonly remaining: number;
} {
  const queues = new Map<string, TranscriptExchange[]>();
  for (const exchange of transcript.exchanges) {
    const name = String(exchange.action.Action).toLowerCase();
    if (name === 'login' || name === 'challenge') continue;
    const queue = queues.get(name) ?? [];
    queue.push(exchange);
    queues.set(name, queue);
  }
  const state = {
    get remaining(): number {
      let count = 0;
      for (const queue of queues.values()) count += queue.length;
      return count;
    },
  };
  for (const [name, queue] of queues) {
    server.handle(name, (action: ReceivedAction) => {
      const exchange = queue.shift();
      if (!exchange) return { Response: 'Error', Message: `transcript has no more ${name} replies` };
      return exchange.reply.replace(RECORDED_ACTION_ID, action.ActionID ?? '');
    });
  }
  return state;
}
