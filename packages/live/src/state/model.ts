import type { AmiEvent } from '@tsami/core';
import { flag, int, keep, own, text } from '../events/fields.js';
import type {
  LiveBridge,
  LiveCall,
  LiveChange,
  LiveChannel,
  LiveDeviceState,
  LiveEntities,
  LiveExtensionState,
  LiveKind,
  LiveLimits,
  LiveQueue,
  LiveQueueCaller,
  LiveQueueInfo,
  LiveQueueMember,
  LiveSnapshot,
} from './types.js';

/**
 * Receives each change as it is made, in parts (the caller builds a `LiveChange` only when someone
 * listens); `undefined` while a model is built silently.
 */
export type ChangeSink = <K extends LiveKind>(
  kind: K,
  type: LiveChange['type'],
  id: string,
  value: LiveEntities[K],
  previous: LiveEntities[K] | undefined,
) => void;
/** Receives the name of a bound that was hit. */
export type LimitSink = (limit: keyof LiveLimits, max: number) => void;

/** The channel snapshot's field names, unprefixed and with `Dest` (DialBegin/DialEnd), built once. */
const SNAPSHOT_FIELDS = ['', 'Dest'].map((prefix) => ({
  uniqueid: `${prefix}Uniqueid`,
  channel: `${prefix}Channel`,
  state: `${prefix}ChannelState`,
  stateDesc: `${prefix}ChannelStateDesc`,
  cidNum: `${prefix}CallerIDNum`,
  cidName: `${prefix}CallerIDName`,
  colNum: `${prefix}ConnectedLineNum`,
  colName: `${prefix}ConnectedLineName`,
  accountCode: `${prefix}AccountCode`,
  context: `${prefix}Context`,
  exten: `${prefix}Exten`,
  priority: `${prefix}Priority`,
  linkedid: `${prefix}Linkedid`,
}));
const OWN = SNAPSHOT_FIELDS[0]!;
const DEST = SNAPSHOT_FIELDS[1]!;
type SnapshotFields = typeof OWN;

/** How many recently hung-up Uniqueids are remembered, so late events do not bring them back. */
const TOMBSTONES = 4_096;

interface QueueRecord {
  info: LiveQueueInfo;
  readonly members: Map<string, LiveQueueMember>;
  readonly callers: Map<string, LiveQueueCaller>;
}

/**
 * The model of channels, bridges, calls, queues, device and extension states, and how each AMI
 * event changes it. Every change is an assignment from the event's fields (never a relative
 * update), so applying events that the seeding lists already reflected is harmless: the last
 * event about a thing wins. That is what lets a resync replay the events buffered during it.
 */
export class LiveModel {
  readonly channels = new Map<string, LiveChannel>();
  readonly bridges = new Map<string, LiveBridge>();
  readonly calls = new Map<string, LiveCall>();
  readonly devices = new Map<string, LiveDeviceState>();
  readonly extensions = new Map<string, LiveExtensionState>();
  private readonly queueRecords = new Map<string, QueueRecord>();
  readonly queues = new Map<string, LiveQueue>();
  private readonly tombstones = new Set<string>();

  constructor(
    private readonly limits: LiveLimits,
    private readonly onLimit: LimitSink,
    private sink: ChangeSink | undefined = undefined,
  ) {}

  /** Starts (or stops, with undefined) reporting changes. */
  setSink(sink: ChangeSink | undefined): void {
    this.sink = sink;
  }

  /** Applies one event. */
  apply(event: AmiEvent): void {
    switch (event.Event) {
      case 'Hangup':
        this.removeChannel(text(event, 'Uniqueid'));
        return;
      case 'Rename':
        this.rename(event);
        return;
      case 'BridgeCreate':
        this.upsertBridge(event, '');
        return;
      case 'BridgeDestroy':
        this.removeBridge(text(event, 'BridgeUniqueid'));
        return;
      case 'BridgeEnter':
        this.upsertChannel(event, OWN, undefined);
        this.enterBridge(text(event, 'BridgeUniqueid'), text(event, 'Uniqueid'), event);
        return;
      case 'BridgeLeave':
        this.upsertChannel(event, OWN, undefined);
        this.leaveBridge(text(event, 'BridgeUniqueid'), text(event, 'Uniqueid'));
        return;
      case 'BridgeMerge':
        this.mergeBridges(text(event, 'FromBridgeUniqueid'), event);
        return;
      case 'DialBegin':
      case 'DialEnd':
        this.upsertChannel(event, OWN, undefined);
        this.upsertChannel(event, DEST, undefined);
        return;
      case 'QueueMemberAdded':
      case 'QueueMemberStatus':
      case 'QueueMemberPause':
      case 'QueueMemberPaused':
      case 'QueueMemberPenalty':
      case 'QueueMemberRinginuse':
        this.upsertMember(event, 'MemberName', 'Interface');
        return;
      case 'QueueMemberRemoved':
        this.removeMember(text(event, 'Queue'), text(event, 'Interface'));
        return;
      case 'QueueCallerJoin':
        this.upsertChannel(event, OWN, undefined);
        this.upsertCaller(event);
        return;
      case 'QueueCallerLeave':
        this.upsertChannel(event, OWN, undefined);
        this.removeCaller(text(event, 'Queue'), text(event, 'Uniqueid'));
        return;
      case 'DeviceStateChange':
        this.setDevice(event);
        return;
      case 'ExtensionStatus':
        this.setExtension(event);
        return;
      default:
        // Every other event that carries a channel snapshot (Newchannel, Newstate, Newexten,
        // NewCallerid, NewConnectedLine, VarSet, …) refreshes the channel.
        if (event.ChannelState !== undefined) this.upsertChannel(event, OWN, undefined);
    }
  }

  // ---- seeding from list items ------------------------------------------------------------

  /** A CoreShowChannel item. */
  seedChannel(item: AmiEvent, now: number): void {
    const duration = text(item, 'Duration');
    const bridgeId = text(item, 'BridgeId') || undefined;
    const created = now - parseDuration(duration) * 1000;
    this.upsertChannel(item, OWN, created);
    const uniqueid = text(item, 'Uniqueid');
    if (bridgeId && uniqueid) this.setChannelBridge(uniqueid, bridgeId);
  }

  /** A BridgeListItem. */
  seedBridge(item: AmiEvent): void {
    this.upsertBridge(item, '');
  }

  /** A BridgeInfoChannel item of `bridgeId`. */
  seedBridgeMember(bridgeId: string, item: AmiEvent): void {
    this.enterBridge(bridgeId, text(item, 'Uniqueid'), undefined);
  }

  /** A QueueStatus item: QueueParams, QueueMember or QueueEntry. */
  seedQueueItem(item: AmiEvent): void {
    if (item.Event === 'QueueParams') this.upsertQueueInfo(item);
    else if (item.Event === 'QueueMember') this.upsertMember(item, 'Name', 'Location');
    else if (item.Event === 'QueueEntry') this.upsertCaller(item);
  }

  /** A DeviceStateList item (a DeviceStateChange). */
  seedDevice(item: AmiEvent): void {
    this.setDevice(item);
  }

  /** An ExtensionStateList item (an ExtensionStatus). */
  seedExtension(item: AmiEvent): void {
    this.setExtension(item);
  }

  // ---- channels ---------------------------------------------------------------------------

  private upsertChannel(event: AmiEvent, fields: SnapshotFields, createdAt: number | undefined): void {
    const uniqueid = text(event, fields.uniqueid);
    if (uniqueid === undefined || uniqueid === '' || this.tombstones.has(uniqueid)) return;
    const previous = this.channels.get(uniqueid);
    const name = text(event, fields.channel) ?? previous?.name ?? '';
    const state = int(event, fields.state) ?? previous?.state ?? 0;
    const stateDesc = text(event, fields.stateDesc) ?? previous?.stateDesc ?? '';
    const cidNum = text(event, fields.cidNum) ?? previous?.callerId.number ?? '';
    const cidName = text(event, fields.cidName) ?? previous?.callerId.name ?? '';
    const colNum = text(event, fields.colNum) ?? previous?.connectedLine.number ?? '';
    const colName = text(event, fields.colName) ?? previous?.connectedLine.name ?? '';
    const accountCode = text(event, fields.accountCode) ?? previous?.accountCode ?? '';
    const context = text(event, fields.context) ?? previous?.context ?? '';
    const exten = text(event, fields.exten) ?? previous?.exten ?? '';
    const priority = int(event, fields.priority) ?? previous?.priority ?? 0;
    const linkedid = text(event, fields.linkedid) ?? previous?.linkedid ?? uniqueid;
    if (
      previous &&
      previous.name === name &&
      previous.state === state &&
      previous.stateDesc === stateDesc &&
      previous.callerId.number === cidNum &&
      previous.callerId.name === cidName &&
      previous.connectedLine.number === colNum &&
      previous.connectedLine.name === colName &&
      previous.accountCode === accountCode &&
      previous.context === context &&
      previous.exten === exten &&
      previous.priority === priority &&
      previous.linkedid === linkedid
    ) {
      return;
    }
    if (!previous && this.channels.size >= this.limits.channels) {
      this.onLimit('channels', this.limits.channels);
      return;
    }
    const channel: LiveChannel = {
      uniqueid: previous?.uniqueid ?? own(uniqueid),
      name: keep(previous?.name, name),
      state,
      stateDesc: keep(previous?.stateDesc, stateDesc),
      callerId:
        previous && previous.callerId.number === cidNum && previous.callerId.name === cidName
          ? previous.callerId
          : { number: own(cidNum), name: own(cidName) },
      connectedLine:
        previous && previous.connectedLine.number === colNum && previous.connectedLine.name === colName
          ? previous.connectedLine
          : { number: own(colNum), name: own(colName) },
      accountCode: keep(previous?.accountCode, accountCode),
      context: keep(previous?.context, context),
      exten: keep(previous?.exten, exten),
      priority,
      linkedid: keep(previous?.linkedid, linkedid),
      bridgeId: previous?.bridgeId,
      createdAt: previous?.createdAt ?? createdAt ?? Date.now(),
    };
    this.channels.set(channel.uniqueid, channel);
    this.report('channel', channel.uniqueid, channel, previous);
    if (previous?.linkedid !== linkedid) {
      if (previous) this.leaveCall(previous.linkedid, channel.uniqueid);
      this.joinCall(channel.linkedid, channel.uniqueid);
    }
  }

  private rename(event: AmiEvent): void {
    const uniqueid = text(event, 'Uniqueid');
    const previous = uniqueid === undefined ? undefined : this.channels.get(uniqueid);
    const name = text(event, 'Newname');
    if (!previous || name === undefined || previous.name === name) return;
    this.replaceChannel({ ...previous, name }, previous);
  }

  private replaceChannel(channel: LiveChannel, previous: LiveChannel): void {
    this.channels.set(channel.uniqueid, channel);
    this.report('channel', channel.uniqueid, channel, previous);
  }

  private setChannelBridge(uniqueid: string, bridgeId: string | undefined): void {
    const previous = this.channels.get(uniqueid);
    if (!previous || previous.bridgeId === bridgeId) return;
    this.replaceChannel({ ...previous, bridgeId }, previous);
  }

  private removeChannel(uniqueid: string | undefined): void {
    if (uniqueid === undefined) return;
    this.tombstones.add(own(uniqueid));
    if (this.tombstones.size > TOMBSTONES) {
      const oldest = this.tombstones.values().next().value;
      if (oldest !== undefined) this.tombstones.delete(oldest);
    }
    const channel = this.channels.get(uniqueid);
    if (!channel) return;
    if (channel.bridgeId !== undefined) this.leaveBridge(channel.bridgeId, uniqueid);
    this.channels.delete(uniqueid);
    this.report('channel', uniqueid, channel, undefined, 'removed');
    this.leaveCall(channel.linkedid, uniqueid);
  }

  private joinCall(linkedid: string, uniqueid: string): void {
    const previous = this.calls.get(linkedid);
    if (previous?.channels.includes(uniqueid)) return;
    const call: LiveCall = { linkedid, channels: previous ? [...previous.channels, uniqueid] : [uniqueid] };
    this.calls.set(linkedid, call);
    this.report('call', linkedid, call, previous);
  }

  private leaveCall(linkedid: string, uniqueid: string): void {
    const previous = this.calls.get(linkedid);
    if (!previous || !previous.channels.includes(uniqueid)) return;
    const channels = previous.channels.filter((id) => id !== uniqueid);
    if (channels.length === 0) {
      this.calls.delete(linkedid);
      this.report('call', linkedid, previous, undefined, 'removed');
      return;
    }
    const call: LiveCall = { linkedid, channels };
    this.calls.set(linkedid, call);
    this.report('call', linkedid, call, previous);
  }

  // ---- bridges ----------------------------------------------------------------------------

  private upsertBridge(event: AmiEvent, prefix: string): LiveBridge | undefined {
    const id = text(event, `${prefix}BridgeUniqueid`);
    if (id === undefined || id === '') return undefined;
    const previous = this.bridges.get(id);
    const type = text(event, `${prefix}BridgeType`) ?? previous?.type ?? '';
    const technology = text(event, `${prefix}BridgeTechnology`) ?? previous?.technology ?? '';
    const creator = text(event, `${prefix}BridgeCreator`) ?? previous?.creator ?? '';
    const name = text(event, `${prefix}BridgeName`) ?? previous?.name ?? '';
    if (
      previous &&
      previous.type === type &&
      previous.technology === technology &&
      previous.creator === creator &&
      previous.name === name
    ) {
      return previous;
    }
    if (!previous && this.bridges.size >= this.limits.bridges) {
      this.onLimit('bridges', this.limits.bridges);
      return undefined;
    }
    const bridge: LiveBridge = {
      id: previous?.id ?? own(id),
      type: keep(previous?.type, type),
      technology: keep(previous?.technology, technology),
      creator: keep(previous?.creator, creator),
      name: keep(previous?.name, name),
      members: previous?.members ?? [],
    };
    this.bridges.set(id, bridge);
    this.report('bridge', id, bridge, previous);
    return bridge;
  }

  private enterBridge(bridgeId: string | undefined, uniqueid: string | undefined, event: AmiEvent | undefined): void {
    if (bridgeId === undefined || uniqueid === undefined || this.tombstones.has(uniqueid)) return;
    const previous = event ? this.upsertBridge(event, '') : this.bridges.get(bridgeId);
    if (!previous) return;
    if (!previous.members.includes(uniqueid)) {
      const bridge: LiveBridge = {
        ...previous,
        members: [...previous.members, this.channels.get(uniqueid)?.uniqueid ?? own(uniqueid)],
      };
      this.bridges.set(bridgeId, bridge);
      this.report('bridge', bridgeId, bridge, previous);
    }
    this.setChannelBridge(uniqueid, bridgeId);
  }

  private leaveBridge(bridgeId: string | undefined, uniqueid: string | undefined): void {
    if (bridgeId === undefined || uniqueid === undefined) return;
    const previous = this.bridges.get(bridgeId);
    if (previous?.members.includes(uniqueid)) {
      const bridge: LiveBridge = { ...previous, members: previous.members.filter((id) => id !== uniqueid) };
      this.bridges.set(bridgeId, bridge);
      this.report('bridge', bridgeId, bridge, previous);
    }
    if (this.channels.get(uniqueid)?.bridgeId === bridgeId) this.setChannelBridge(uniqueid, undefined);
  }

  private removeBridge(bridgeId: string | undefined): void {
    if (bridgeId === undefined) return;
    const bridge = this.bridges.get(bridgeId);
    if (!bridge) return;
    for (const uniqueid of bridge.members) {
      if (this.channels.get(uniqueid)?.bridgeId === bridgeId) this.setChannelBridge(uniqueid, undefined);
    }
    this.bridges.delete(bridgeId);
    this.report('bridge', bridgeId, bridge, undefined, 'removed');
  }

  private mergeBridges(fromId: string | undefined, event: AmiEvent): void {
    const from = fromId === undefined ? undefined : this.bridges.get(fromId);
    const to = this.upsertBridge(event, 'To');
    if (!from || !to) return;
    for (const uniqueid of from.members) this.enterBridge(to.id, uniqueid, undefined);
    this.removeBridge(fromId);
  }

  // ---- queues -----------------------------------------------------------------------------

  private queueRecord(queue: string | undefined): QueueRecord | undefined {
    if (queue === undefined) return undefined;
    const existing = this.queueRecords.get(queue);
    if (existing) return existing;
    if (this.queueRecords.size >= this.limits.queues) {
      this.onLimit('queues', this.limits.queues);
      return undefined;
    }
    const name = own(queue);
    const members = new Map<string, LiveQueueMember>();
    const callers = new Map<string, LiveQueueCaller>();
    const record: QueueRecord = { info: { name, strategy: undefined, max: undefined }, members, callers };
    this.queueRecords.set(name, record);
    this.queues.set(name, { ...record.info, members, callers });
    this.report('queue', name, record.info, undefined);
    return record;
  }

  private upsertQueueInfo(item: AmiEvent): void {
    const record = this.queueRecord(text(item, 'Queue'));
    if (!record) return;
    const previous = record.info;
    const info: LiveQueueInfo = { name: previous.name, strategy: text(item, 'Strategy'), max: int(item, 'Max') };
    if (info.strategy === previous.strategy && info.max === previous.max) return;
    record.info = info;
    this.queues.set(info.name, { ...info, members: record.members, callers: record.callers });
    this.report('queue', info.name, info, previous);
  }

  private upsertMember(event: AmiEvent, nameField: string, interfaceField: string): void {
    const iface = text(event, interfaceField);
    const record = this.queueRecord(text(event, 'Queue'));
    if (!record || iface === undefined) return;
    const previous = record.members.get(iface);
    if (!previous && record.members.size + record.callers.size >= this.limits.queueEntries) {
      this.onLimit('queueEntries', this.limits.queueEntries);
      return;
    }
    const member: LiveQueueMember = {
      queue: record.info.name,
      interface: previous?.interface ?? own(iface),
      name: keep(previous?.name, text(event, nameField) ?? previous?.name ?? iface),
      stateInterface: keep(
        previous?.stateInterface,
        text(event, 'StateInterface') ?? previous?.stateInterface ?? iface,
      ),
      membership: keep(previous?.membership, text(event, 'Membership') ?? previous?.membership ?? ''),
      penalty: int(event, 'Penalty') ?? previous?.penalty ?? 0,
      callsTaken: int(event, 'CallsTaken') ?? previous?.callsTaken ?? 0,
      inCall: event.InCall === undefined ? (previous?.inCall ?? false) : flag(event, 'InCall'),
      status: int(event, 'Status') ?? previous?.status ?? 0,
      paused: event.Paused === undefined ? (previous?.paused ?? false) : flag(event, 'Paused'),
      pausedReason: keep(previous?.pausedReason, text(event, 'PausedReason') ?? previous?.pausedReason ?? ''),
    };
    if (previous && sameRecord(previous, member)) return;
    record.members.set(member.interface, member);
    this.report('queueMember', `${member.queue}\n${iface}`, member, previous);
  }

  private removeMember(queue: string | undefined, iface: string | undefined): void {
    const record = queue === undefined ? undefined : this.queueRecords.get(queue);
    const member = iface === undefined ? undefined : record?.members.get(iface);
    if (!record || !member) return;
    record.members.delete(member.interface);
    this.report('queueMember', `${member.queue}\n${member.interface}`, member, undefined, 'removed');
  }

  private upsertCaller(event: AmiEvent): void {
    const uniqueid = text(event, 'Uniqueid');
    const record = this.queueRecord(text(event, 'Queue'));
    if (!record || uniqueid === undefined) return;
    const previous = record.callers.get(uniqueid);
    if (!previous && record.members.size + record.callers.size >= this.limits.queueEntries) {
      this.onLimit('queueEntries', this.limits.queueEntries);
      return;
    }
    const caller: LiveQueueCaller = {
      queue: record.info.name,
      uniqueid: previous?.uniqueid ?? own(uniqueid),
      channel: keep(previous?.channel, text(event, 'Channel') ?? previous?.channel ?? ''),
      position: int(event, 'Position') ?? previous?.position ?? 0,
      callerIdNum: keep(previous?.callerIdNum, text(event, 'CallerIDNum') ?? previous?.callerIdNum ?? ''),
      callerIdName: keep(previous?.callerIdName, text(event, 'CallerIDName') ?? previous?.callerIdName ?? ''),
    };
    if (previous && sameRecord(previous, caller)) return;
    record.callers.set(caller.uniqueid, caller);
    this.report('queueCaller', caller.uniqueid, caller, previous);
  }

  private removeCaller(queue: string | undefined, uniqueid: string | undefined): void {
    const record = queue === undefined ? undefined : this.queueRecords.get(queue);
    const caller = uniqueid === undefined ? undefined : record?.callers.get(uniqueid);
    if (!record || !caller) return;
    record.callers.delete(caller.uniqueid);
    this.report('queueCaller', caller.uniqueid, caller, undefined, 'removed');
    // The callers behind move up one place; Asterisk sends no event for that.
    for (const other of [...record.callers.values()]) {
      if (other.position > caller.position) {
        const moved = { ...other, position: other.position - 1 };
        record.callers.set(other.uniqueid, moved);
        this.report('queueCaller', other.uniqueid, moved, other);
      }
    }
  }

  // ---- device and extension states --------------------------------------------------------

  private setDevice(event: AmiEvent): void {
    const device = text(event, 'Device');
    const state = text(event, 'State');
    if (device === undefined || state === undefined) return;
    const previous = this.devices.get(device);
    if (previous?.state === state) return;
    if (!previous && this.devices.size + this.extensions.size >= this.limits.states) {
      this.onLimit('states', this.limits.states);
      return;
    }
    const value: LiveDeviceState = { device: previous?.device ?? own(device), state: own(state) };
    this.devices.set(value.device, value);
    this.report('device', value.device, value, previous);
  }

  private setExtension(event: AmiEvent): void {
    const exten = text(event, 'Exten');
    const context = text(event, 'Context');
    if (exten === undefined || context === undefined) return;
    const key = `${exten}@${context}`;
    const previous = this.extensions.get(key);
    const value: LiveExtensionState = {
      exten,
      context,
      hint: text(event, 'Hint') ?? previous?.hint ?? '',
      status: int(event, 'Status') ?? previous?.status ?? -1,
      statusText: text(event, 'StatusText') ?? previous?.statusText ?? '',
    };
    if (previous && sameRecord(previous, value)) return;
    if (!previous && this.devices.size + this.extensions.size >= this.limits.states) {
      this.onLimit('states', this.limits.states);
      return;
    }
    this.extensions.set(key, value);
    this.report('extension', key, value, previous);
  }

  // ---- output -----------------------------------------------------------------------------

  private report<K extends LiveKind>(
    kind: K,
    id: string,
    value: LiveEntities[K],
    previous: LiveEntities[K] | undefined,
    type: 'added' | 'updated' | 'removed' = previous ? 'updated' : 'added',
  ): void {
    this.sink?.(kind, type, id, value, type === 'updated' ? previous : undefined);
  }

  /** Every entity of `kind`, by id (for diffing two models). */
  entities<K extends LiveKind>(kind: K): ReadonlyMap<string, LiveEntities[K]> {
    type Out = ReadonlyMap<string, LiveEntities[K]>;
    switch (kind) {
      case 'channel':
        return this.channels as unknown as Out;
      case 'bridge':
        return this.bridges as unknown as Out;
      case 'call':
        return this.calls as unknown as Out;
      case 'device':
        return this.devices as unknown as Out;
      case 'extension':
        return this.extensions as unknown as Out;
      case 'queue':
        return new Map([...this.queueRecords].map(([name, r]) => [name, r.info])) as unknown as Out;
      case 'queueMember':
        return new Map(
          [...this.queueRecords.values()].flatMap((r) =>
            [...r.members.values()].map((m) => [`${m.queue}\n${m.interface}`, m]),
          ),
        ) as unknown as Out;
      default:
        return new Map(
          [...this.queueRecords.values()].flatMap((r) => [...r.callers.values()].map((c) => [c.uniqueid, c])),
        ) as unknown as Out;
    }
  }

  /** The model as plain JSON-safe data. */
  snapshot(): LiveSnapshot {
    return {
      channels: [...this.channels.values()].map((c) => ({
        ...c,
        callerId: { ...c.callerId },
        connectedLine: { ...c.connectedLine },
      })),
      bridges: [...this.bridges.values()].map((b) => ({ ...b, members: [...b.members] })),
      calls: [...this.calls.values()].map((c) => ({ ...c, channels: [...c.channels] })),
      queues: [...this.queueRecords.values()].map((r) => ({
        ...r.info,
        members: [...r.members.values()].map((m) => ({ ...m })),
        callers: [...r.callers.values()].map((c) => ({ ...c })),
      })),
      devices: [...this.devices.values()].map((d) => ({ ...d })),
      extensions: [...this.extensions.values()].map((e) => ({ ...e })),
    };
  }
}

/** `HH:MM:SS` (CoreShowChannel `Duration`) in seconds; 0 when absent or malformed. */
function parseDuration(duration: string | undefined): number {
  if (!duration) return 0;
  let seconds = 0;
  for (const part of duration.split(':')) {
    const n = Number(part);
    if (!Number.isFinite(n)) return 0;
    seconds = seconds * 60 + n;
  }
  return seconds;
}

/** Two flat records with the same values. */
export function sameRecord(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key in left) if (left[key] !== right[key]) return false;
  return true;
}
