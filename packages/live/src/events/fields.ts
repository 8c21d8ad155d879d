import { getFieldString, type AmiEvent } from '@tsami/core';

/**
 * The fields of the Asterisk 12+ events this package reads. Asterisk sends them as strings;
 * the package converts them where it stores them. Events carry many more fields.
 */

/** A channel snapshot as Newchannel, Newstate, Hangup, Newexten, BridgeEnter, … carry it (unprefixed). */
export interface ChannelSnapshotFields {
  readonly Channel: string;
  readonly ChannelState: string;
  readonly ChannelStateDesc: string;
  readonly CallerIDNum: string;
  readonly CallerIDName: string;
  readonly ConnectedLineNum: string;
  readonly ConnectedLineName: string;
  readonly AccountCode?: string;
  readonly Context: string;
  readonly Exten: string;
  readonly Priority: string;
  readonly Uniqueid: string;
  readonly Linkedid: string;
}

/** A bridge snapshot as BridgeCreate, BridgeEnter, BridgeLeave, BridgeDestroy carry it. */
export interface BridgeSnapshotFields {
  readonly BridgeUniqueid: string;
  readonly BridgeType: string;
  readonly BridgeTechnology: string;
  readonly BridgeCreator: string;
  readonly BridgeName: string;
  readonly BridgeNumChannels: string;
}

export interface HangupEvent extends AmiEvent, ChannelSnapshotFields {
  readonly Event: 'Hangup';
  readonly Cause: string;
  readonly 'Cause-txt': string;
}

export interface OriginateResponseEvent extends AmiEvent {
  readonly Event: 'OriginateResponse';
  readonly Response: 'Success' | 'Failure';
  readonly Channel: string;
  readonly Reason: string;
  readonly Uniqueid?: string;
}

export interface DialEndEvent extends AmiEvent {
  readonly Event: 'DialEnd';
  readonly DestUniqueid: string;
  readonly DialStatus: string;
}

/** QueueMemberAdded, QueueMemberStatus, QueueMemberPause, … (Asterisk 13+ names). */
export interface QueueMemberEventFields {
  readonly Queue: string;
  readonly MemberName: string;
  readonly Interface: string;
  readonly StateInterface: string;
  readonly Membership: string;
  readonly Penalty: string;
  readonly CallsTaken: string;
  readonly InCall: string;
  readonly Status: string;
  readonly Paused: string;
  readonly PausedReason?: string;
}

/** A QueueMember item of QueueStatus (it says `Name` and `Location` where events say `MemberName` and `Interface`). */
export interface QueueMemberListFields {
  readonly Queue: string;
  readonly Name: string;
  readonly Location: string;
  readonly StateInterface: string;
  readonly Membership: string;
  readonly Penalty: string;
  readonly CallsTaken: string;
  readonly InCall: string;
  readonly Status: string;
  readonly Paused: string;
  readonly PausedReason?: string;
}

/** QueueCallerJoin / QueueCallerLeave (a channel snapshot plus the queue) and QueueStatus's QueueEntry. */
export interface QueueCallerFields {
  readonly Queue: string;
  readonly Position: string;
  readonly Channel: string;
  readonly Uniqueid: string;
  readonly CallerIDNum: string;
  readonly CallerIDName: string;
}

export interface DeviceStateChangeEvent extends AmiEvent {
  readonly Event: 'DeviceStateChange';
  readonly Device: string;
  readonly State: string;
}

export interface ExtensionStatusEvent extends AmiEvent {
  readonly Event: 'ExtensionStatus';
  readonly Exten: string;
  readonly Context: string;
  readonly Hint: string;
  readonly Status: string;
  readonly StatusText?: string;
}

/**
 * Reads one string field. The exact name is tried first (the common, fast case); Asterisk is not
 * consistent about case (`Uniqueid`/`UniqueID`), so a miss falls back to a case-insensitive look-up.
 */
export function text(event: AmiEvent, name: string): string | undefined {
  const value = event[name];
  if (typeof value === 'string') return value;
  if (value !== undefined) return value[0];
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
