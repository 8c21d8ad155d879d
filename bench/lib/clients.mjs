// One adapter per client, each driving the client through its documented public API only.
// connect() resolves once logged in; onEvent() counts what the client hands its user;
// ping(n) sends one Ping and resolves with its answer.
import net from 'node:net';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { TerminatorCounter } from './common.mjs';

const require = createRequire(import.meta.url);

/**
 * tsami's entry module: the workspace build, or another build given with `--core` (to measure a
 * change of core against the current one in the same conditions).
 */
export function importCore() {
  const other = process.env.BENCH_TSAMI_CORE;
  return other ? import(pathToFileURL(other).href) : import('@tsami/core');
}

/** Fails a Ping that gets no answer, so a lost response shows up as an error, not a hang. */
const PING_TIMEOUT_MS = 10_000;

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const tsami = {
  name: 'tsami',
  async connect({ host, port, username, secret, events }) {
    const { AmiClient } = await importCore();
    // Default login (MD5 challenge), no reconnect: the bench wants one plain connection.
    const client = new AmiClient({ host, port, username, secret, events: events ? 'on' : 'off', reconnect: false });
    await client.connect();
    return {
      onEvent(callback) {
        client.on('event', callback);
      },
      onNamedEvent(name, callback) {
        client.onEvent(name, callback);
      },
      ping() {
        return client.send({ Action: 'Ping' }, { timeoutMs: PING_TIMEOUT_MS });
      },
      client,
      close: () => client.destroy(),
    };
  },
};

const asteriskManager = {
  name: 'asterisk-manager',
  async connect({ host, port, username, secret, events }) {
    const Manager = require('asterisk-manager');
    // Without a port the constructor does not connect; connect + login give a callback once
    // logged in (a first Ping would start the flood before the listener is attached).
    const ami = new Manager(undefined, host, username, secret, events);
    await new Promise((resolve, reject) => {
      ami.connect(port, host, () =>
        ami.login((error) => (error ? reject(new Error('asterisk-manager: login refused')) : resolve())),
      );
    });
    return {
      onEvent(callback) {
        ami.on('managerevent', callback);
      },
      ping(n) {
        // Its default ActionID is the current time in ms; give each Ping its own.
        const promise = new Promise((resolve, reject) => {
          ami.action({ action: 'ping', actionid: `p${n}` }, (error, response) =>
            error ? reject(error) : resolve(response),
          );
        });
        return withTimeout(promise, 'asterisk-manager Ping');
      },
      close: () => ami.disconnect(),
    };
  },
};

const amiIo = {
  name: 'ami-io',
  async connect({ host, port, username, secret }) {
    const amiio = require('ami-io');
    // Its default logger prints every message to the console; the silent one is its documented option.
    const client = amiio.createClient({
      host,
      port,
      login: username,
      password: secret,
      logger: new amiio.SilentLogger(),
    });
    await new Promise((resolve, reject) => {
      client.once('connected', resolve);
      client.once('incorrectLogin', () => reject(new Error('ami-io: login refused')));
      client.once('connectionRefused', () => reject(new Error('ami-io: connection refused')));
      client.connect();
    });
    return {
      onEvent(callback) {
        client.on('event', callback);
      },
      ping() {
        const promise = new Promise((resolve, reject) => {
          client.send(new amiio.Action.Ping(), (error, response) => (error ? reject(error) : resolve(response)));
        });
        return withTimeout(promise, 'ami-io Ping');
      },
      close: () => {
        client.disconnect();
        client.socket?.destroy();
      },
    };
  },
};

const asteriskAmiClient = {
  name: 'asterisk-ami-client',
  async connect({ host, port, username, secret }) {
    const AmiClient = require('asterisk-ami-client');
    const client = new AmiClient({ reconnect: false, keepAlive: false });
    await client.connect(username, secret, { host, port });
    return {
      onEvent(callback) {
        client.on('event', callback);
      },
      ping(n) {
        // Its default ActionID is `--spec_<Date.now()>`: two actions in the same millisecond
        // would share it, so each Ping gets its own.
        return client.action({ Action: 'Ping', ActionID: `p${n}` }, true);
      },
      close: () => client.disconnect(),
    };
  },
};

/**
 * The floor: a raw socket that logs in with a plain Login, then only counts message
 * terminators. Pings carry an ActionID; their answers are counted, not matched.
 */
const floor = {
  name: 'floor',
  async connect({ host, port, username, secret, events }) {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const counter = new TerminatorCounter();
    let onCount = () => undefined;
    let bannerSeen = false;
    let waiter;
    socket.on('data', (chunk) => {
      if (!bannerSeen) {
        const lf = chunk.indexOf(0x0a);
        if (lf < 0) return;
        bannerSeen = true;
        chunk = chunk.subarray(lf + 1);
        socket.write(
          `Action: Login\r\nActionID: login\r\nUsername: ${username}\r\nSecret: ${secret}\r\nEvents: ${events ? 'on' : 'off'}\r\n\r\n`,
        );
      }
      const before = counter.count;
      counter.push(chunk);
      if (counter.count !== before) onCount(counter.count - before);
    });
    await new Promise((resolve, reject) => {
      socket.once('error', reject);
      waiter = resolve;
      onCount = () => {
        onCount = () => undefined;
        waiter();
      };
    });
    return {
      socket,
      counter,
      /** Calls back with how many messages each read completed. */
      onMessages(callback) {
        onCount = callback;
      },
      writePings(first, count) {
        let text = '';
        for (let i = 0; i < count; i++) text += `Action: Ping\r\nActionID: ${first + i}\r\n\r\n`;
        socket.write(text);
      },
      close: () => socket.destroy(),
    };
  },
};

export const CLIENTS = {
  tsami,
  'asterisk-manager': asteriskManager,
  'ami-io': amiIo,
  'asterisk-ami-client': asteriskAmiClient,
  floor,
};
export const PEERS = ['asterisk-manager', 'ami-io', 'asterisk-ami-client'];
