import type { FakeAmiServer, ReceivedAction } from './fake-server.js';

/** One recorded exchange: what the client sent and every byte Asterisk answered. */
export interface TranscriptExchange {
  readonly action: Readonly<Record<string, string | readonly string[]>>;
  readonly reply: string;
}

/** A recording of real Asterisk traffic (see the fixtures of `@tsami/core`'s tests). */
export interface Transcript {
  readonly asterisk: string;
  readonly amiVersion?: string;
  readonly scenario: string;
  readonly banner: string;
  readonly exchanges: readonly TranscriptExchange[];
}

const RECORDED_ACTION_ID = /\brec-\d{4}\b/g;

/**
 * Makes `server` answer like the recording: each action named in the transcript gets its
 * recorded replies in order, with the recorded ActionIDs replaced by the client's own.
 * Returns the exchanges not replayed yet (empty once the client has sent them all).
 */
export function replayTranscript(server: FakeAmiServer, transcript: Transcript): { readonly remaining: number } {
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
