import type { AmiAction, AmiFieldValue } from '@tsami/core';

interface CommonParams {
  /** What to call: a dial string such as `PJSIP/alice` or `Local/100@internal`. */
  readonly channel: string;
  /** `"Name" <number>` shown to the called party. */
  readonly callerId?: string;
  /** Channel variables set on the originated channel. */
  readonly variables?: Readonly<Record<string, string | number>>;
  /** Account code of the originated channel (Originate `Account`). */
  readonly account?: string;
  /** Codecs allowed on the originated channel, e.g. `ulaw,alaw` (Originate `Codecs`). */
  readonly codecs?: string;
  /** Connect to the destination on early media, before answer (Originate `EarlyMedia`). */
  readonly earlyMedia?: boolean;
  /**
   * Any other Originate header, written as given (e.g. `{ PreDialGoSub: '…' }`). `Action`,
   * `ActionID`, `Async`, `ChannelId`, `OtherChannelId` and `Timeout` are set by `originateCall`.
   */
  readonly headers?: Readonly<Record<string, AmiFieldValue>>;
}

/** Once answered, the channel continues in the dialplan at context/exten/priority. */
export interface OriginateToExtension extends CommonParams {
  /** Dialplan context to continue in. */
  readonly context: string;
  /** Dialplan extension to continue at. */
  readonly exten: string;
  /** Default 1. */
  readonly priority?: number | string;
  /** Not with an extension: see {@link OriginateToApplication}. */
  readonly application?: never;
}

/** Once answered, the channel runs one application. */
export interface OriginateToApplication extends CommonParams {
  /** The dialplan application to run, e.g. `Playback`. */
  readonly application: string;
  /** The application's arguments. */
  readonly data?: string;
  /** Not with an application: see {@link OriginateToExtension}. */
  readonly context?: never;
}

/** Where the call goes once answered: a dialplan extension or an application. */
export type OriginateParams = OriginateToExtension | OriginateToApplication;

const RESERVED = new Set(['action', 'actionid', 'async', 'channelid', 'otherchannelid', 'timeout']);

/** Builds the Originate action: always Async, with the ids the tracker chose. */
export function originateAction(
  params: OriginateParams,
  ids: { actionId: string; channelId: string; otherChannelId: string },
  timeoutMs: number,
): AmiAction {
  const extra: Record<string, AmiFieldValue> = {};
  for (const [name, value] of Object.entries(params.headers ?? {})) {
    if (!RESERVED.has(name.toLowerCase())) extra[name] = value;
  }
  const destination =
    params.application !== undefined
      ? { Application: params.application, Data: params.data }
      : { Context: params.context, Exten: params.exten, Priority: params.priority ?? 1 };
  return {
    ...extra,
    Action: 'Originate',
    ActionID: ids.actionId,
    Channel: params.channel,
    ...destination,
    CallerID: params.callerId,
    Account: params.account,
    Codecs: params.codecs,
    EarlyMedia: params.earlyMedia,
    Variable: params.variables,
    Timeout: timeoutMs,
    Async: 'true',
    ChannelId: ids.channelId,
    OtherChannelId: ids.otherChannelId,
  };
}
