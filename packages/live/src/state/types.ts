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
  readonly callerId: { readonly number: string; readonly name: string };
  readonly connectedLine: { readonly number: string; readonly name: string };
  readonly accountCode: string;
  readonly context: string;
  readonly exten: string;
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
  readonly id: string;
  readonly type: string;
  readonly technology: string;
  readonly creator: string;
  readonly name: string;
  /** Uniqueids of the channels in the bridge, in the order they entered. */
  readonly members: readonly string[];
}

/** The channels of one call: every channel sharing a Linkedid. */
export interface LiveCall {
  readonly linkedid: string;
  /** Uniqueids, in the order the model learnt of them. */
  readonly channels: readonly string[];
}

/** A queue's settings, as QueueStatus reports them. */
export interface LiveQueueInfo {
  readonly name: string;
  readonly strategy: string | undefined;
  readonly max: number | undefined;
}

/** A member (agent) of a queue. */
export interface LiveQueueMember {
  readonly queue: string;
  /** The member's interface (`Location` in QueueStatus), its key in the queue. */
  readonly interface: string;
  readonly name: string;
  readonly stateInterface: string;
  /** `static`, `dynamic` or `realtime`. */
  readonly membership: string;
  readonly penalty: number;
  readonly callsTaken: number;
  /** The member is on a queue call. */
  readonly inCall: boolean;
  /** Device state code: 0 unknown, 1 not in use, 2 in use, 3 busy, 4 invalid, 5 unavailable, 6 ringing, 7 ring+in use, 8 on hold. */
  readonly status: number;
  readonly paused: boolean;
  readonly pausedReason: string;
}

/** A caller waiting in a queue. */
export interface LiveQueueCaller {
  readonly queue: string;
  readonly uniqueid: string;
  readonly channel: string;
  /** 1 = next to be served. */
  readonly position: number;
  readonly callerIdNum: string;
  readonly callerIdName: string;
}

/** A queue with its members (by interface) and waiting callers (by Uniqueid). */
export interface LiveQueue extends LiveQueueInfo {
  readonly members: ReadonlyMap<string, LiveQueueMember>;
  readonly callers: ReadonlyMap<string, LiveQueueCaller>;
}

/** A device state (DeviceStateChange / DeviceStateList), e.g. `PJSIP/alice` → `INUSE`. */
export interface LiveDeviceState {
  readonly device: string;
  readonly state: string;
}

/** An extension (hint) state (ExtensionStatus / ExtensionStateList). */
export interface LiveExtensionState {
  readonly exten: string;
  readonly context: string;
  readonly hint: string;
  /** -1 removed, 0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold (bits combine). */
  readonly status: number;
  readonly statusText: string;
}

/** Every kind of thing the model holds, by the name change notifications use. */
export interface LiveEntities {
  channel: LiveChannel;
  bridge: LiveBridge;
  call: LiveCall;
  queue: LiveQueueInfo;
  queueMember: LiveQueueMember;
  queueCaller: LiveQueueCaller;
  device: LiveDeviceState;
  extension: LiveExtensionState;
}

export type LiveKind = keyof LiveEntities;

/**
 * One change of the model. `id` is the entity's key: Uniqueid (channel, queueCaller), bridge id,
 * Linkedid (call), queue name, `queue\ninterface` (queueMember), device name, `exten@context`.
 * `value` is the entity after the change (before it, for `removed`); `previous` the entity before
 * an `updated`.
 */
export type LiveChange = {
  [K in LiveKind]: {
    readonly kind: K;
    readonly type: 'added' | 'updated' | 'removed';
    readonly id: string;
    readonly value: LiveEntities[K];
    readonly previous: LiveEntities[K] | undefined;
  };
}[LiveKind];

/** `state.snapshot()`: the whole model as plain JSON-safe data. */
export interface LiveSnapshot {
  readonly channels: LiveChannel[];
  readonly bridges: LiveBridge[];
  readonly calls: LiveCall[];
  readonly queues: (LiveQueueInfo & { members: LiveQueueMember[]; callers: LiveQueueCaller[] })[];
  readonly devices: LiveDeviceState[];
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

export const DEFAULT_LIMITS: LiveLimits = {
  channels: 20_000,
  bridges: 10_000,
  queues: 1_000,
  queueEntries: 10_000,
  states: 50_000,
  bufferedEvents: 100_000,
};
