export { AmiClient } from './connection/client.js';
export type { AmiClientEvents, AmiClientState, EventsOptions, ListenerErrorSource } from './connection/client.js';
export { parseAmiUrl } from './connection/options.js';
export type {
  AmiAuthType,
  AmiClientOptions,
  AmiEventMask,
  AmiUrlParts,
  ReconnectOptions,
} from './connection/options.js';
export type { AmiTargetSummary } from './connection/summary.js';
export type { AmiSender, SendListOptions, SendOptions } from './connection/sender.js';
export { AmiPool } from './pool/pool.js';
export type { AcquireOptions, AmiPoolEvents, AmiPoolStats } from './pool/pool.js';
export type { AmiPoolOptions, PoolLimits } from './pool/options.js';
export { PooledConnection } from './pool/pooled-connection.js';
export { reconnectDelay } from './connection/backoff.js';
export {
  EventStream,
  DEFAULT_EVENT_HIGH_WATER_MARK,
  DEFAULT_EVENT_HIGH_WATER_MARK_BYTES,
} from './events/event-stream.js';
export type { EventGap, EventStreamOptions, OverflowPolicy } from './events/event-stream.js';
export type { AmiDefaultEventMap, AmiEventLike, AmiEventMapOf, AmiEventName, AmiEventOf } from './events/event-map.js';
export * from './errors/errors.js';
export { getField, getFieldString, isEvent, isResponse } from './protocol/message.js';
export type { AmiAction, AmiEvent, AmiFieldValue, AmiListResult, AmiMessage, AmiResponse } from './protocol/message.js';
export { AmiParser, parseMessage, DEFAULT_MAX_BANNER_BYTES, DEFAULT_MAX_MESSAGE_BYTES } from './protocol/parser.js';
export type { AmiParserOptions, MessageCallback } from './protocol/parser.js';
export { serializeAction, MAX_HEADERS, MAX_LINE_BYTES } from './protocol/serializer.js';
export { newActionId } from './protocol/action-id.js';
export { checkRequired, sendAction, sendListAction } from './actions/run.js';
export type { ActionParams, ActionParamsOf } from './actions/run.js';
export { asteriskVersion, parseAsteriskVersion } from './version/version.js';
export type { AsteriskRelease, AsteriskVersion, AsteriskVersionGuess } from './version/version.js';
export { AMI_VERSION_OF_RELEASE, asteriskMajorsOfAmiVersion } from './version/ami-version.js';
export { AmiVersionMismatchError, checkAsteriskRelease } from './version/check.js';
export type { CheckAsteriskReleaseOptions } from './version/check.js';
export { computePrivileges } from './privileges/compute.js';
export type { PrivilegeMeta, PrivilegeUse, Privileges } from './privileges/compute.js';
export { channelNames } from './diagnostics/channels.js';
export type {
  ActionEndMessage,
  ActionOutcome,
  ActionStartMessage,
  ConnectMessage,
  ConnectionInfo,
  EventMessage,
  GapMessage,
  PoolAcquireMessage,
  PoolReleaseMessage,
  ReconnectMessage,
} from './diagnostics/channels.js';
export { maskFrame } from './diagnostics/wire-trace.js';
export type { WireTrace } from './diagnostics/wire-trace.js';
export type { AmiEventHeaders, AmiValue } from './actions/values.js';
