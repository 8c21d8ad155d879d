/** A channel as the live model knows it. Objects are replaced, never mutated, when the channel changes. */
export interface LiveChannel {
  /** Asterisk's Uniqueid: the key of `state.channels`. */
  readonly uniqueid: string;
  /** Channel name, e.g. `PJSIP/alice-00000012`. */
  readonly name: string;
  /** ChannelState: 0 Down, 4 Ring, 5 Ringing, 6 Up, … */
  readonly state: number;
  /** ChannelStateDesc: `Down`, `Ring`, `Ringing`, `Up`, … */
  readonly stateDesc: string;
  /** The caller ID (CallerIDNum, CallerIDName). */
  readonly callerId: {
    /** CallerIDNum. */
    readonly number: string;
    /** CallerIDName. */
    readonly name: string;
  };
  /** The connected line (ConnectedLineNum, ConnectedLineName): who the channel talks to. */
  readonly connectedLine: {
    /** ConnectedLineNum. */
    readonly number: string;
    /** ConnectedLineName. */
    readonly name: string;
  };
  /** AccountCode. */
  readonly accountCode: string;
  /** Dialplan context the channel is in. */
  readonly context: string;
  /** Dialplan extension the channel is at. */
  readonly exten: string;
  /** Dialplan priority the channel is at. */
  readonly priority: number;
  /** Uniqueid of the channel that started the call: the key of `state.calls`. */
  readonly linkedid: string;
  /** The bridge the channel is in, if any. */
  readonly bridgeId: string | undefined;
  /** When the channel was created (epoch ms; to the second for channels that existed at `start()`). */
  readonly createdAt: number;
}

/** A bridge and the channels in it. */
export interface LiveBridge {
  /** BridgeUniqueid: the key of `state.bridges`. */
  readonly id: string;
  /** BridgeType, e.g. `basic`. */
  readonly type: string;
  /** BridgeTechnology, e.g. `simple_bridge`. */
  readonly technology: string;
  /** BridgeCreator: what made the bridge (e.g. `Parking`), `<unknown>` when nothing says. */
  readonly creator: string;
  /** BridgeName, `<unknown>` when the bridge has none. */
  readonly name: string;
  /** Uniqueids of the channels in the bridge, in the order they entered. */
  readonly members: readonly string[];
}

/** The channels of one call: every channel sharing a Linkedid. */
export interface LiveCall {
  /** The Linkedid shared by the call's channels: the key of `state.calls`. */
  readonly linkedid: string;
  /** Uniqueids, in the order the model learnt of them. */
  readonly channels: readonly string[];
}

/** A queue's settings, as QueueStatus reports them. */
export interface LiveQueueInfo {
  /** The queue name: the key of `state.queues`. */
  readonly name: string;
  /** The ring strategy, e.g. `ringall`; undefined until QueueStatus reported it. */
  readonly strategy: string | undefined;
  /** Callers allowed to wait at most (0: no limit); undefined until QueueStatus reported it. */
  readonly max: number | undefined;
}

/** A member (agent) of a queue. */
export interface LiveQueueMember {
  /** The queue's name. */
  readonly queue: string;
  /** The member's interface (`Location` in QueueStatus), its key in the queue. */
  readonly interface: string;
  /** The member's display name (MemberName). */
  readonly name: string;
  /** The device whose state tells whether the member is busy (StateInterface). */
  readonly stateInterface: string;
  /** `static`, `dynamic` or `realtime`. */
  readonly membership: string;
  /** Penalty: members with a lower one are tried first. */
  readonly penalty: number;
  /** Calls the member answered from this queue. */
  readonly callsTaken: number;
  /** The member is on a queue call. */
  readonly inCall: boolean;
  /** Device state code: 0 unknown, 1 not in use, 2 in use, 3 busy, 4 invalid, 5 unavailable, 6 ringing, 7 ring+in use, 8 on hold. */
  readonly status: number;
  /** Whether the member is paused (receives no calls). */
  readonly paused: boolean;
  /** The reason given when pausing, or empty. */
  readonly pausedReason: string;
}

/** A caller waiting in a queue. */
export interface LiveQueueCaller {
  /** The queue's name. */
  readonly queue: string;
  /** The caller channel's Uniqueid: its key in the queue. */
  readonly uniqueid: string;
  /** The caller channel's name. */
  readonly channel: string;
  /** 1 = next to be served. */
  readonly position: number;
  /** The caller's CallerIDNum. */
  readonly callerIdNum: string;
  /** The caller's CallerIDName. */
  readonly callerIdName: string;
}

/** A queue with its members (by interface) and waiting callers (by Uniqueid). */
export interface LiveQueue extends LiveQueueInfo {
  /** Members by interface. */
  readonly members: ReadonlyMap<string, LiveQueueMember>;
  /** Waiting callers by Uniqueid. */
  readonly callers: ReadonlyMap<string, LiveQueueCaller>;
}

/** A device state (DeviceStateChange / DeviceStateList), e.g. `PJSIP/alice` → `INUSE`. */
export interface LiveDeviceState {
  /** The device name, e.g. `PJSIP/alice`: the key of `state.devices`. */
  readonly device: string;
  /** The state, e.g. `NOT_INUSE`, `INUSE`, `RINGING`, `UNAVAILABLE`. */
  readonly state: string;
}

/** An extension (hint) state (ExtensionStatus / ExtensionStateList). */
export interface LiveExtensionState {
  /** The extension. */
  readonly exten: string;
  /** The extension's context. */
  readonly context: string;
  /** The hint: the devices the state is computed from, e.g. `PJSIP/alice`. */
  readonly hint: string;
  /** -1 removed, 0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold (bits combine). */
  readonly status: number;
  /** The status in words, e.g. `Idle`, `InUse`. */
  readonly statusText: string;
}

/** Every kind of thing the model holds, by the name change notifications use. */
export interface LiveEntities {
  /** A channel. */
  channel: LiveChannel;
  /** A bridge. */
  bridge: LiveBridge;
  /** A call (channels sharing a Linkedid). */
  call: LiveCall;
  /** A queue's settings. */
  queue: LiveQueueInfo;
  /** A member of a queue. */
  queueMember: LiveQueueMember;
  /** A caller waiting in a queue. */
  queueCaller: LiveQueueCaller;
  /** A device state. */
  device: LiveDeviceState;
  /** An extension (hint) state. */
  extension: LiveExtensionState;
}

/** The name of a kind of entity, as in `LiveChange.kind`. */
export type LiveKind = keyof LiveEntities;

/**
 * One change of the model. `id` is the entity's key: Uniqueid (channel, queueCaller), bridge id,
 * Linkedid (call), queue name, `queue\ninterface` (queueMember), device name, `exten@context`.
 * `value` is the entity after the change (before it, for `removed`); `previous` the entity before
 * an `updated`.
 */
export type LiveChange = {
  [K in LiveKind]: {
    /** Which kind of entity changed. */
    readonly kind: K;
    /** What happened to it. */
    readonly type: 'added' | 'updated' | 'removed';
    /** The entity's key. */
    readonly id: string;
    /** The entity after the change (before it, for `removed`). */
    readonly value: LiveEntities[K];
    /** The entity before an `updated`; undefined otherwise. */
    readonly previous: LiveEntities[K] | undefined;
  };
}[LiveKind];

/** `state.snapshot()`: the whole model as plain JSON-safe data. */
export interface LiveSnapshot {
  /** Every channel. */
  readonly channels: LiveChannel[];
  /** Every bridge. */
  readonly bridges: LiveBridge[];
  /** Every call. */
  readonly calls: LiveCall[];
  /** Every queue, with its members and waiting callers. */
  readonly queues: (LiveQueueInfo & {
    /** The queue's members. */
    members: LiveQueueMember[];
    /** The callers waiting in the queue. */
    callers: LiveQueueCaller[];
  })[];
  /** Every device state. */
  readonly devices: LiveDeviceState[];
  /** Every extension state. */
  readonly extensions: LiveExtensionState[];
}

/** Bounds of the model. Beyond them, new entities are not added and `limit` is emitted. */
export interface LiveLimits {
  /** Default 20 000. */
  readonly channels: number;
  /** Default 10 000. */
  readonly bridges: number;
  /** Queues; default 1 000. */
  readonly queues: number;
  /** Members plus waiting callers per queue; default 10 000. */
  readonly queueEntries: number;
  /** Device states plus extension states; default 50 000. */
  readonly states: number;
  /** Events held while the lists of a (re)sync are read; default 100 000. Beyond it the sync starts over. */
  readonly bufferedEvents: number;
}

/** The default bounds of the model. */
export const DEFAULT_LIMITS: LiveLimits = {
  channels: 20_000,
  bridges: 10_000,
  queues: 1_000,
  queueEntries: 10_000,
  states: 50_000,
  bufferedEvents: 100_000,
};
