import type { InspectOptionsStylized, inspect as nodeInspect } from 'node:util';
import type { ResolvedClientOptions } from './options.js';

/** Where a client connects to, as logs show it: never the secret nor the TLS options. */
export interface AmiTargetSummary {
  /** Host name or address of the server. */
  readonly host: string;
  /** TCP port of the server. */
  readonly port: number;
  /** The manager user. */
  readonly username: string;
  /** Whether the connection uses TLS. */
  readonly tls: boolean;
}

/** The loggable part of resolved options. */
export function summarizeTarget(options: ResolvedClientOptions): AmiTargetSummary {
  return { host: options.host, port: options.port, username: options.username, tls: options.tls !== false };
}

/**
 * Renders an object for `util.inspect` (and so `console.log`) as `Name { …summary }`, so that
 * logging it shows only what `summary` holds and never the fields behind it.
 */
export function inspectSummary(
  name: string,
  summary: object,
  depth: number,
  options: InspectOptionsStylized,
  inspect: typeof nodeInspect,
): string {
  if (depth < 0) return options.stylize(`[${name}]`, 'special');
  const inner = inspect(summary, { ...options, depth: options.depth == null ? null : options.depth - 1 });
  return `${name} ${inner}`;
}
