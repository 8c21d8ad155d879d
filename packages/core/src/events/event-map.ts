import type { AmiEvent } from '../protocol/message.js';

/** What every event carries: its name. Generated event interfaces narrow `Event` to a literal. */
export interface AmiEventLike {
  /** The event name, e.g. `Newchannel`. */
  readonly Event: string;
}

/**
 * Constrains an event map: event name → the interface of that event. Written as a mapped type
 * over the map's own keys so that plain `interface` maps (which have no index signature) fit.
 */
export type AmiEventMapOf<M> = { readonly [K in keyof M]: AmiEventLike };

/**
 * Core's map: any event name, every event an `AmiEvent`. The action packages export precise
 * maps (`AmiV22EventMap`, …); give one to `new AmiClient<AmiV22EventMap>(…)`.
 */
export interface AmiDefaultEventMap {
  readonly [name: string]: AmiEvent;
}

/** The event names of a map. */
export type AmiEventName<M> = Extract<keyof M, string>;

/** Any event of a map (the union of its interfaces). */
export type AmiEventOf<M> = M[AmiEventName<M>];
