// A connection pool behind an HTTP endpoint: each request borrows an AMI connection for the
// length of its actions, so concurrent requests run in parallel over a few logins.
//
//   AMI_URL=ami://admin:secret@127.0.0.1:5038 [PORT=8080] npx tsx src/pool-http.ts
//   curl http://127.0.0.1:8080/channels
//   curl http://127.0.0.1:8080/status
//
// Runs until Ctrl-C or SIGTERM (or for EXAMPLE_DURATION_MS), then stops taking requests, lets
// the running ones finish, and logs the connections off.
import { createServer, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { AmiError, AmiPool, AmiPoolExhaustedError } from '@tsami/core';
import { coreShowChannels, coreStatus } from '@tsami/ami-v22';
import { amiUrl, stopSignal } from './lib/settings.js';

const pool = new AmiPool({
  url: amiUrl(),
  events: 'off', // request/response only: no events to parse and drop
  minConnections: 1,
  maxConnections: 4,
  acquireTimeoutMs: 2_000,
});
await pool.connect();

const routes: Record<string, () => Promise<unknown>> = {
  '/channels': () =>
    pool.use(async (ami) => {
      const { events } = await coreShowChannels(ami, {}, { timeoutMs: 5_000 });
      return events.map((channel) => ({
        channel: channel.Channel,
        state: channel.ChannelStateDesc,
        application: channel.Application,
        duration: channel.Duration,
      }));
    }),
  '/status': () =>
    pool.use(async (ami) => {
      const status = await coreStatus(ami, {}, { timeoutMs: 5_000 });
      return {
        calls: Number(status.CoreCurrentCalls),
        startedAt: `${status.CoreStartupDate} ${status.CoreStartupTime}`,
      };
    }),
};

function reply(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

const server = createServer((req, res) => {
  const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
  if (req.method !== 'GET' || !route) return reply(res, 404, { error: 'try GET /channels or GET /status' });
  route().then(
    (body) => reply(res, 200, body),
    (error: unknown) => {
      // Too many requests at once for the pool: tell the client to come back, do not queue forever.
      if (error instanceof AmiPoolExhaustedError) return reply(res, 503, { error: error.code });
      if (error instanceof AmiError) return reply(res, 502, { error: error.code, message: error.message });
      reply(res, 500, { error: 'internal error' });
    },
  );
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
await once(server, 'listening');
const address = server.address();
console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : '?'}`);

const signal = stopSignal();
await once(signal, 'abort');
server.close();
await once(server, 'close');
await pool.closeAll();
console.log('stopped');
