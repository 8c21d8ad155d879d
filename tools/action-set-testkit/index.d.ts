// The kit is plain JS so the action packages can import it without a build and without
// widening their tsconfig rootDir; these declarations are its typed surface.
import type { AmiAction, AmiEvent, AmiSender, SendListOptions } from '@tsami/core';

/** One call an action function made on the sender. */
export interface RecordedCall {
  readonly kind: 'send' | 'sendList';
  readonly action: AmiAction;
  readonly options: SendListOptions | undefined;
}

/**
 * An in-memory `AmiSender` that records what it is asked to send and answers with canned success,
 * plus `headers` in every response (e.g. `{ AsteriskVersion: '22.10.1' }` for CoreSettings).
 */
export declare function recordingSender(
  headers?: Readonly<Record<string, string>>,
): AmiSender & { readonly calls: RecordedCall[] };

/** A value (`value-of-<name>`) for every required parameter, so the call passes the required check. */
export declare function requiredParams(required: readonly string[]): Record<string, string>;

export interface SpecParam {
  readonly name: string;
  readonly required: boolean;
}
export interface SpecAction {
  readonly params: readonly SpecParam[];
  readonly eventList: string | null;
  /** manager.conf write classes, any one suffices; absent when the action is never registered. */
  readonly privilege?: readonly string[];
}
export interface SpecEvent {
  /** manager.conf read classes, all needed; absent when the spec names none. */
  readonly classes?: readonly string[];
}
/** The parts of a committed spec the tests compare against. */
export interface Spec {
  readonly asteriskVersion: string;
  readonly actions: Readonly<Record<string, SpecAction>>;
  readonly events: Readonly<Record<string, SpecEvent>>;
}

/** Reads a committed data file of the generator (tools/codegen/specs). */
export declare function readCodegenJson<T>(file: string): T;
/** The committed spec of one release, e.g. `loadSpec('22')`. */
export declare function loadSpec(release: string): Spec;
/** Action names goami offers on one branch. */
export declare function goamiActions(branch: string): string[];

/** How an action must reach the sender. */
export interface ExpectedRequest {
  readonly kind: 'send' | 'sendList';
  readonly completeEvent?: string;
}

/** What the suites need of a generated package: its module namespace (`import * as pkg`). */
export interface ActionSetModule {
  readonly actions: object;
  readonly actionNames: readonly string[];
  readonly eventNames: readonly string[];
  readonly spec: { readonly asteriskVersion: string };
  readonly isKnownEvent: (event: AmiEvent, name: never) => boolean;
  readonly privileges: {
    readonly actions: Readonly<Record<string, readonly string[]>>;
    readonly events: Readonly<Record<string, readonly string[]>>;
  };
  readonly requiredPrivileges: (use: { actions?: never[]; events?: never[] }) => { read: string[]; write: string[] };
  readonly checkServer: (sender: AmiSender, options?: { onMismatch?: 'throw' | 'warn' }) => Promise<unknown>;
}

export interface ActionSetSuiteOptions {
  /** Release as in the spec file name: '10', '13', '14', '22'. */
  readonly release: string;
  /** The Asterisk majors the package's `checkServer` accepts. */
  readonly majors: readonly number[];
  readonly pkg: ActionSetModule;
  /**
   * Hand-checked answers, asserted instead of the spec's `eventList`: the actions the overrides
   * model differently, and ones worth pinning independently of the spec. Ping, IAXnetstats,
   * CoreShowChannels and WaitEvent are always pinned.
   */
  readonly expectedRequests?: Readonly<Record<string, ExpectedRequest>>;
  /** Parameters the overrides make required although the spec marks them optional, by action. */
  readonly alsoRequired?: Readonly<Record<string, readonly string[]>>;
  /**
   * Whether Hangup takes a `/regex/` channel and then answers with a list closed by
   * ChannelsHungupListComplete (Asterisk 13 on); before that a `/x/` channel is one plain request.
   */
  readonly regexHangup: boolean;
  /** Release-specific samples of the naming rule (AMI action → function), on top of the shared ones. */
  readonly functionNames?: Readonly<Record<string, string>>;
  readonly goami: {
    readonly branch: string;
    /** goami actions this release lacks, with the reason; each must really be absent. KSendSMS always is. */
    readonly notInRelease?: Readonly<Record<string, string>>;
  };
}

/**
 * Overrides of Asterisk 13 and later: a plain channel name answers Hangup with one response (only
 * `/regex/` answers with a list), and FAXSession/FAXStats send an ack plus exactly one follow-up event.
 */
export declare const hangupAndFaxOverrides: Readonly<Record<string, ExpectedRequest>>;

/**
 * Registers the suites every release shares: every spec action sends its exact name with the right
 * kind of request, missing required parameters reject before sending, the package covers the spec
 * and goami, parameters and options pass through, and `eventNames`/`isKnownEvent` match the spec.
 */
export declare function describeActionSet(options: ActionSetSuiteOptions): void;
