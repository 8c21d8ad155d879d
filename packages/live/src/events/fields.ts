import { getFieldString, type AmiEvent } from '@tsami/core';

/**
 * The fields of the Asterisk 12+ events this package reads. Asterisk sends them as strings;
 * the package converts them where it stores them. Events carry many more fields.
 */

/** A channel snapshot as Newchannel, Newstate, Hangup, Newexten, BridgeEnter, … carry it (unprefixed). */
export interface ChannelSnapshotFields {
  /** Channel name, e.g. `PJSIP/alice-00000012`. */
  readonly Channel: string;
  /** Channel state as a number (0 Down, 4 Ring, 5 Ringing, 6 Up, …). */
  readonly ChannelState: string;
  /** Channel state in words, e.g. `Ringing`, `Up`. */
  readonly ChannelStateDesc: string;
  /** Caller ID number. */
  readonly CallerIDNum: string;
  /** Caller ID name. */
  readonly CallerIDName: string;
  /** Connected line number: the other party. */
  readonly ConnectedLineNum: string;
  /** Connected line name: the other party. */
  readonly ConnectedLineName: string;
  /** The channel's account code. */
  readonly AccountCode?: string;
  /** Dialplan context. */
  readonly Context: string;
  /** Dialplan extension. */
  readonly Exten: string;
  /** Dialplan priority. */
  readonly Priority: string;
  /** Unique id of the channel. */
  readonly Uniqueid: string;
  /** Uniqueid of the channel that started the call. */
  readonly Linkedid: string;
}

/** A bridge snapshot as BridgeCreate, BridgeEnter, BridgeLeave, BridgeDestroy carry it. */
export interface BridgeSnapshotFields {
  /** Unique id of the bridge. */
  readonly BridgeUniqueid: string;
  /** Bridge type, e.g. `basic`. */
  readonly BridgeType: string;
  /** Bridge technology, e.g. `simple_bridge`. */
  readonly BridgeTechnology: string;
  /** What created the bridge (e.g. `Parking`), or `<unknown>`. */
  readonly BridgeCreator: string;
  /** Bridge name, or `<unknown>`. */
  readonly BridgeName: string;
  /** Channels in the bridge. */
  readonly BridgeNumChannels: string;
}

/** The Hangup event: a channel was hung up. */
export interface HangupEvent extends AmiEvent, ChannelSnapshotFields {
  /** Always `Hangup`. */
  readonly Event: 'Hangup';
  /** Hangup cause code (Q.850), e.g. `16`. */
  readonly Cause: string;
  /** Hangup cause in words, e.g. `Normal Clearing`. */
  readonly 'Cause-txt': string;
}

/** The OriginateResponse event: the outcome of an asynchronous Originate. */
export interface OriginateResponseEvent extends AmiEvent {
  /** Always `OriginateResponse`. */
  readonly Event: 'OriginateResponse';
  /** `Success` when the originated channel answered, else `Failure`. */
  readonly Response: 'Success' | 'Failure';
  /** The originated channel, or the dialled `tech/data` when none was created. */
  readonly Channel: string;
  /** Why it ended, as a number: 0 failure, 1 hung up, 3 ring timeout, 4 answered, 5 busy, 8 congestion. */
  readonly Reason: string;
  /** Uniqueid of the originated channel, when one was created. */
  readonly Uniqueid?: string;
}

/** The DialEnd event: a dial attempt ended. */
export interface DialEndEvent extends AmiEvent {
  /** Always `DialEnd`. */
  readonly Event: 'DialEnd';
  /** Uniqueid of the dialled channel. */
  readonly DestUniqueid: string;
  /** Result of the dial, e.g. `ANSWER`, `BUSY`, `NOANSWER`, `CANCEL`. */
  readonly DialStatus: string;
}

/** What queue member events and QueueStatus's QueueMember items both say of a member. */
export interface QueueMemberCommonFields {
  /** Queue name. */
  readonly Queue: string;
  /** The device whose state tells whether the member is busy. */
  readonly StateInterface: string;
  /** `static`, `dynamic` or `realtime`. */
  readonly Membership: string;
  /** The member's penalty: lower ones are tried first. */
  readonly Penalty: string;
  /** Calls the member answered from this queue. */
  readonly CallsTaken: string;
  /** `1` while the member is on a queue call. */
  readonly InCall: string;
  /** Device state code of the member: 1 not in use, 2 in use, 3 busy, 5 unavailable, 6 ringing, … */
  readonly Status: string;
  /** `1` when the member is paused. */
  readonly Paused: string;
  /** The reason given when pausing. */
  readonly PausedReason?: string;
}

/** QueueMemberAdded, QueueMemberStatus, QueueMemberPause, … (Asterisk 13+ names). */
export interface QueueMemberEventFields extends QueueMemberCommonFields {
  /** The member's display name. */
  readonly MemberName: string;
  /** The member's interface (its key in the queue). */
  readonly Interface: string;
}

/** A QueueMember item of QueueStatus (it says `Name` and `Location` where events say `MemberName` and `Interface`). */
export interface QueueMemberListFields extends QueueMemberCommonFields {
  /** The member's display name. */
  readonly Name: string;
  /** The member's interface (its key in the queue). */
  readonly Location: string;
}

/** QueueCallerJoin / QueueCallerLeave (a channel snapshot plus the queue) and QueueStatus's QueueEntry. */
export interface QueueCallerFields {
  /** Queue name. */
  readonly Queue: string;
  /** Position in the queue; 1 is next to be served. */
  readonly Position: string;
  /** The caller channel's name. */
  readonly Channel: string;
  /** The caller channel's Uniqueid. */
  readonly Uniqueid: string;
  /** Caller ID number. */
  readonly CallerIDNum: string;
  /** Caller ID name. */
  readonly CallerIDName: string;
}

/** The DeviceStateChange event: a device's state changed. */
export interface DeviceStateChangeEvent extends AmiEvent {
  /** Always `DeviceStateChange`. */
  readonly Event: 'DeviceStateChange';
  /** Device name, e.g. `PJSIP/alice`. */
  readonly Device: string;
  /** Device state, e.g. `NOT_INUSE`, `INUSE`, `RINGING`. */
  readonly State: string;
}

/** The ExtensionStatus event: the state of an extension (hint) changed. */
export interface ExtensionStatusEvent extends AmiEvent {
  /** Always `ExtensionStatus`. */
  readonly Event: 'ExtensionStatus';
  /** Dialplan extension. */
  readonly Exten: string;
  /** Dialplan context. */
  readonly Context: string;
  /** The hint: the devices the state is computed from. */
  readonly Hint: string;
  /** Extension state bits: -1 removed, 0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold. */
  readonly Status: string;
  /** The status in words, e.g. `Idle`, `InUse`. */
  readonly StatusText?: string;
}

/**
 * Reads one string field: core's `getFieldString` (the exact name first, then any case, since
 * Asterisk is not consistent about it: `Uniqueid`/`UniqueID`; a repeated header's first value).
 */
export function text(event: AmiEvent, name: string): string | undefined {
  return getFieldString(event, name);
}

/** Reads an integer field; undefined when absent or not a number. */
export function int(event: AmiEvent, name: string): number | undefined {
  const value = text(event, name);
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** `1`, `true`, `yes` → true. */
export function flag(event: AmiEvent, name: string): boolean {
  const value = text(event, name)?.toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}

/**
 * A copy of `value` that does not hold on to the text it was cut from. The parser's values are
 * slices of the whole chunk of text read from the socket (64 KiB and more); a model that keeps
 * one short slice for minutes would keep the whole chunk alive with it.
 */
export function own(value: string): string {
  // Short strings are always copied by V8; longer ones are flattened into a string of their own.
  return value.length < 13 ? value : (' ' + value).slice(1);
}

/** `previous` when it is equal (no new string kept), else an owned copy of `value`. */
export function keep(previous: string | undefined, value: string): string {
  return previous === value ? previous : own(value);
}
