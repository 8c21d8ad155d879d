// Writes every AMI event as one line of JSON (JSON Lines) to stdout, or appended to a file:
//
//   AMI_URL=ami://admin:secret@127.0.0.1:5038 npx tsx src/event-logger.ts [events.jsonl]
//
// Runs until Ctrl-C (or for EXAMPLE_DURATION_MS). Each line is the event as Asterisk sent it
// plus the time it was received. When the output cannot keep up, the iterator's bounded buffer
// drops the oldest events and the gap is logged as a line of its own, so a slow disk never
// holds up the AMI connection.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { AmiClient } from '@tsami/core';
import { amiUrl, stopSignal } from './lib/settings.js';

const file = process.argv[2];
const out = file ? createWriteStream(file, { flags: 'a' }) : process.stdout;
const signal = stopSignal();

const client = new AmiClient({ url: amiUrl(), events: 'on' });
await client.connect({ signal: AbortSignal.timeout(10_000) });
console.error(`logging events to ${file ?? 'stdout'}; Ctrl-C stops`);

let lines = 0;
try {
  const events = client.events({
    signal,
    onGap: (gap) => void out.write(`${JSON.stringify({ gap: gap.reason, dropped: gap.dropped })}\n`),
  });
  for await (const event of events) {
    lines++;
    // Respect the stream's backpressure: wait for 'drain' instead of buffering without bound.
    if (!out.write(`${JSON.stringify({ receivedAt: new Date().toISOString(), ...event })}\n`)) {
      await once(out, 'drain', { signal }).catch(() => undefined);
    }
  }
} finally {
  await client.close();
  if (out !== process.stdout) out.end();
  console.error(`${lines} events logged`);
}
