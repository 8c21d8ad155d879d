export { originateCall, DEFAULT_MAX_CALLS, DEFAULT_RING_TIMEOUT_MS } from './originate/originate.js';
export type { OriginateCallOptions } from './originate/originate.js';
export { Call, SETTLE_MS } from './originate/call.js';
export type { CallEnd, CallEvents, CallState } from './originate/call.js';
export type { OriginateParams, OriginateToApplication, OriginateToExtension } from './originate/params.js';
export type { CallFailure, CallFailureOutcome } from './originate/outcome.js';
export { LiveState } from './state/live-state.js';
export type { LiveStateEvents, LiveStateOptions, SyncReason } from './state/live-state.js';
export { DEFAULT_LIMITS } from './state/types.js';
export type {
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
} from './state/types.js';
export { LiveError, LiveClosedError, LiveLimitError, UnsupportedAsteriskError } from './errors/errors.js';
export type { LiveErrorCode } from './errors/errors.js';
export { CallAbortedError, CallFailedError, CallLostError, CallTimeoutError } from './errors/call-errors.js';
export type {
  BridgeSnapshotFields,
  ChannelSnapshotFields,
  DeviceStateChangeEvent,
  DialEndEvent,
  ExtensionStatusEvent,
  HangupEvent,
  OriginateResponseEvent,
  QueueCallerFields,
  QueueMemberCommonFields,
  QueueMemberEventFields,
  QueueMemberListFields,
} from './events/fields.js';
