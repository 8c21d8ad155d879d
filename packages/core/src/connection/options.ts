import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { wireTrace, type WireTrace } from '../diagnostics/wire-trace.js';
import { AmiInputError } from '../errors/errors.js';
import {
  DEFAULT_EVENT_HIGH_WATER_MARK,
  DEFAULT_EVENT_HIGH_WATER_MARK_BYTES,
  type OverflowPolicy,
} from '../events/event-stream.js';
import { checkTimeout } from './deadline.js';
import { Secret } from './secret.js';

/** How `connect` logs in: MD5 challenge/response (the secret never crosses the wire) or plain text. */
export type AmiAuthType = 'md5' | 'plain';

/** The `Events:` mask sent at login: all events, none, or a list of event classes (`call`, `system`, …). */
export type AmiEventMask = 'on' | 'off' | readonly string[];

/** Reconnect behaviour after a connection that was up is lost. */
export interface ReconnectOptions {
  /** Delay before the first attempt. Default 250 ms. */
  initialDelayMs?: number;
  /** Upper bound of the delay. Default 30 s. */
  maxDelayMs?: number;
  /** Growth of the delay per attempt. Default 2. */
  factor?: number;
  /** Attempts before giving up; default unlimited. */
  maxAttempts?: number;
  /** Actions sent while reconnecting wait in a queue of this size; beyond it they reject. Default 1000. */
  maxQueuedActions?: number;
}

/** Options of an `AmiClient`: where and how to connect, timeouts, reconnection and event buffering. */
export interface AmiClientOptions {
  /** `ami://user:secret@host:port` or `amis://…` (TLS). Fields given separately take precedence. */
  url?: string;
  /** Host name or address of the Asterisk server. Default `127.0.0.1`. */
  host?: string;
  /** Default 5038 (5039 with TLS). */
  port?: number;
  /** The manager user (a section of `manager.conf`). Required here or in `url`. */
  username?: string;
  /** The manager user's secret. Required here or in `url`; never shown in errors, logs or `util.inspect`. */
  secret?: string;
  /** Default `'md5'`. */
  authType?: AmiAuthType;
  /** Default `'on'`. */
  events?: AmiEventMask;
  /** `true`, or Node TLS options (`ca`, `servername`, `rejectUnauthorized`, …): AMI over TLS. */
  tls?: boolean | TlsConnectionOptions;
  /** Default timeout of every action. Default 10 000 ms. */
  actionTimeoutMs?: number;
  /** Timeout of TCP/TLS connect, banner and login together. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Largest message accepted from the server. Default 8 MiB. */
  maxMessageBytes?: number;
  /** Default buffer size of `events()` subscriptions. Default 5 000. */
  eventHighWaterMark?: number;
  /** Default buffer size of `events()` subscriptions in bytes (as received). Default 32 MiB. */
  eventHighWaterMarkBytes?: number;
  /**
   * Actions waiting for the socket at most (the server reads slower than they are sent); one
   * more rejects at once with `AmiLimitError` (`sent: false`). Default 100 000.
   */
  maxUnwrittenActions?: number;
  /** Bytes of actions waiting for the socket at most, as above. Default 32 MiB. */
  maxUnwrittenBytes?: number;
  /**
   * Items of one list answer (`sendList`) at most; a longer list rejects with `AmiLimitError`,
   * its remaining items are dropped and the connection stays up. Default 1 000 000.
   */
  maxListItems?: number;
  /** Bytes of the items of one list answer at most, as above. Default 128 MiB (a 100 000-channel CoreShowChannels is about 50 MiB). */
  maxListBytes?: number;
  /** Default overflow policy of `events()` subscriptions. Default `'drop-oldest'`. */
  eventOverflow?: OverflowPolicy;
  /** Sends `Ping` this often while connected; 0 disables it. Default 0 for clients without reconnect, else 20 000. */
  keepaliveMs?: number;
  /** A keepalive Ping not answered within this declares the connection dead. Default 5 000 ms. */
  keepaliveTimeoutMs?: number;
  /** Reconnect after a drop. On by default; `false` turns it off. */
  reconnect?: boolean | ReconnectOptions;
  /**
   * Receives every frame written and read, with `Secret`, `Key` and `Challenge` masked: a wire
   * trace for debugging. `NODE_DEBUG=tsami` prints the same to stderr without this option.
   */
  trace?: WireTrace;
  /**
   * Include the action's fields (secrets masked) in the `tsami:action:start` diagnostics channel
   * message. Off by default: field values may be personal data (numbers dialled, caller IDs).
   */
  traceFields?: boolean;
}

/** Options with every default applied. */
export interface ResolvedClientOptions {
  host: string;
  port: number;
  username: string;
  /** Held so that it never prints (logs, `util.inspect`, `JSON.stringify`). */
  secret: Secret;
  authType: AmiAuthType;
  events: AmiEventMask;
  tls: false | TlsConnectionOptions;
  actionTimeoutMs: number;
  connectTimeoutMs: number;
  maxMessageBytes: number;
  eventHighWaterMark: number;
  eventHighWaterMarkBytes: number;
  eventOverflow: OverflowPolicy;
  maxUnwrittenActions: number;
  maxUnwrittenBytes: number;
  maxListItems: number;
  maxListBytes: number;
  keepaliveMs: number;
  keepaliveTimeoutMs: number;
  /** The wire trace (the option's, or `NODE_DEBUG=tsami`'s), masking secrets; undefined when off. */
  trace: WireTrace | undefined;
  traceFields: boolean;
  reconnect: Required<ReconnectOptions> | false;
}

/** The parts of an `ami://` or `amis://` URL. */
export interface AmiUrlParts {
  /** The host; `127.0.0.1` when the URL names none. */
  host: string;
  /** The port; 5038 by default (5039 for `amis://`). */
  port: number;
  /** The decoded user, if the URL has one. */
  username: string | undefined;
  /** The decoded secret, if the URL has one. */
  secret: string | undefined;
  /** True for `amis://`. */
  tls: boolean;
}

/**
 * Parses `ami://user:secret@host:port` (`amis://` for TLS). User and secret are URL-decoded, so
 * `@ : / ? # %` in them must be percent-encoded. Throws `AmiInputError` for an invalid URL; its
 * message never shows the user info.
 */
export function parseAmiUrl(url: string): AmiUrlParts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AmiInputError(
      `not a valid AMI URL: ${maskUserInfo(url)} ` +
        '(expected ami://user:secret@host:port; percent-encode @ : / ? # % in the secret)',
      'url',
    );
  }
  const tls = parsed.protocol === 'amis:';
  if (!tls && parsed.protocol !== 'ami:') {
    throw new AmiInputError(`AMI URL must start with ami:// or amis://, not ${parsed.protocol}//`, 'url');
  }
  // A path, query or fragment is most often an unencoded / ? # in the secret, which moved the
  // rest of the secret out of the user info (and part of it into the host or port).
  if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search !== '' || parsed.hash !== '') {
    throw new AmiInputError(
      `an AMI URL has no path, query or fragment: ${maskUserInfo(url)} (percent-encode / ? # in the secret)`,
      'url',
    );
  }
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : tls ? 5039 : 5038,
    username: decodeUserInfo(parsed.username),
    secret: decodeUserInfo(parsed.password),
    tls,
  };
}

/** Size limits: positive numbers (`Infinity` lifts one). */
const LIMITS = [
  'maxMessageBytes',
  'eventHighWaterMark',
  'eventHighWaterMarkBytes',
  'maxUnwrittenActions',
  'maxUnwrittenBytes',
  'maxListItems',
  'maxListBytes',
] as const;

function decodeUserInfo(encoded: string): string | undefined {
  if (!encoded) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    // (decodeURIComponent's URIError would not say which part of which URL is wrong)
    throw new AmiInputError(
      'the user or secret of the AMI URL has a malformed %-escape (write a literal % as %25)',
      'url',
    );
  }
}

/**
 * The URL as an error message may show it: everything between `//` and the last `@` becomes
 * `***`. Without an `@`, the text after `//` is shown only when it reads as `host[:port]`, since
 * `ami://user:secret` (the `@host` forgotten) would otherwise show the secret as a port.
 */
function maskUserInfo(url: string): string {
  const schemeEnd = url.indexOf('//');
  const authority = schemeEnd >= 0 ? schemeEnd + 2 : 0;
  const at = url.lastIndexOf('@');
  const shown =
    at >= authority
      ? `${url.slice(0, authority)}***${url.slice(at)}`
      : /^(\[[^\]]*\]|[^:/?#@\[\]]*)(:\d*)?\/?$/.test(url.slice(authority))
        ? url
        : `${url.slice(0, authority)}***`;
  return JSON.stringify(shown);
}

export function resolveOptions(options: AmiClientOptions): ResolvedClientOptions {
  const fromUrl = options.url ? parseAmiUrl(options.url) : undefined;
  const tlsOption = options.tls ?? fromUrl?.tls ?? false;
  const tls: false | TlsConnectionOptions = tlsOption === true ? {} : tlsOption === false ? false : tlsOption;
  const username = options.username ?? fromUrl?.username;
  const secret = options.secret ?? fromUrl?.secret;
  if (!username) throw new AmiInputError('username is required', 'username');
  if (secret === undefined) throw new AmiInputError('secret is required', 'secret');
  const authType = options.authType ?? 'md5';
  if (authType !== 'md5' && authType !== 'plain') {
    throw new AmiInputError(`authType must be "md5" or "plain", not ${JSON.stringify(authType)}`, 'authType');
  }
  const reconnect =
    options.reconnect === false
      ? false
      : {
          initialDelayMs: 250,
          maxDelayMs: 30_000,
          factor: 2,
          maxAttempts: Number.POSITIVE_INFINITY,
          maxQueuedActions: 1000,
          ...(typeof options.reconnect === 'object' ? options.reconnect : {}),
        };
  for (const field of ['actionTimeoutMs', 'connectTimeoutMs', 'keepaliveMs', 'keepaliveTimeoutMs'] as const) {
    const value = options[field];
    if (value !== undefined) checkTimeout(field, value);
  }
  for (const field of LIMITS) {
    const value = options[field];
    if (value !== undefined && !(typeof value === 'number' && value >= 1)) {
      throw new AmiInputError(`${field} must be a number of at least 1, not ${String(value)}`, field);
    }
  }
  return {
    host: options.host ?? fromUrl?.host ?? '127.0.0.1',
    port: options.port ?? fromUrl?.port ?? (tls ? 5039 : 5038),
    username,
    secret: new Secret(secret),
    authType,
    events: options.events ?? 'on',
    tls,
    actionTimeoutMs: options.actionTimeoutMs ?? 10_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    maxMessageBytes: options.maxMessageBytes ?? 8 * 1024 * 1024,
    eventHighWaterMark: options.eventHighWaterMark ?? DEFAULT_EVENT_HIGH_WATER_MARK,
    eventHighWaterMarkBytes: options.eventHighWaterMarkBytes ?? DEFAULT_EVENT_HIGH_WATER_MARK_BYTES,
    maxUnwrittenActions: options.maxUnwrittenActions ?? 100_000,
    maxUnwrittenBytes: options.maxUnwrittenBytes ?? 32 * 1024 * 1024,
    maxListItems: options.maxListItems ?? 1_000_000,
    maxListBytes: options.maxListBytes ?? 128 * 1024 * 1024,
    eventOverflow: options.eventOverflow ?? 'drop-oldest',
    keepaliveMs: options.keepaliveMs ?? (reconnect ? 20_000 : 0),
    keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? 5_000,
    reconnect,
    trace: wireTrace(options.trace),
    traceFields: options.traceFields ?? false,
  };
}

/** The `Events:` header value of a mask. */
export function eventMaskHeader(mask: AmiEventMask): string {
  if (mask === 'on' || mask === 'off') return mask;
  return mask.length === 0 ? 'off' : mask.join(',');
}
