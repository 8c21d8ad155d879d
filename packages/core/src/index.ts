export { AmiClient } from './connection/client.js';
export type { AmiClientEvents, AmiClientState, EventsOptions } from './connection/client.js';
export { parseAmiUrl } from './connection/options.js';
export type {
  AmiAuthType,
  AmiClientOptions,
  AmiEventMask,
  AmiUrlParts,
  ReconnectOptions,
} from './connection/options.js';
export type { AmiSender, SendListOptions, SendOptions } from './connection/sender.js';
export { AmiPool, PooledConnection } from './pool/pool.js';
export type { AmiPoolEvents, AmiPoolOptions, AmiPoolStats } from './pool/pool.js';
export { reconnectDelay } from './connection/backoff.js';
export { EventStream, DEFAULT_EVENT_HIGH_WATER_MARK } from './events/event-stream.js';
export type { EventGap, EventStreamOptions, OverflowPolicy } from './events/event-stream.js';
export * from './errors/errors.js';
export { getField, getFieldString, isEvent, isResponse } from './protocol/message.js';
export type { AmiAction, AmiEvent, AmiFieldValue, AmiListResult, AmiMessage, AmiResponse } from './protocol/message.js';
export { AmiParser, parseMessage, DEFAULT_MAX_MESSAGE_BYTES } from './protocol/parser.js';
export type { AmiParserOptions } from './protocol/parser.js';
export { serializeAction, MAX_HEADERS, MAX_LINE_BYTES } from './protocol/serializer.js';
export { newActionId } from './protocol/action-id.js';
export { checkRequired, sendAction, sendListAction } from './actions/run.js';
export type { ActionParams } from './actions/run.js';
export type { AmiEventHeaders, AmiValue } from './actions/values.js';
export { computePrivileges } from './privileges/compute.js';
export type { PrivilegeMeta, PrivilegeUse, RequiredPrivileges } from './privileges/compute.js';
export { checkAsteriskRelease } from './version/check.js';
export type { CheckAsteriskReleaseOptions } from './version/check.js';
