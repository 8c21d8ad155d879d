// The recorder is plain JS so it runs with `node` and without a build; these declarations are
// its typed surface.
import type {
  AmiAction,
  AmiClient,
  AmiEvent,
  AmiListResult,
  AmiResponse,
  SendListOptions,
  SendOptions,
} from '@tsami/core';

/** One answer of a live Asterisk, as recorded. */
export interface Sample {
  /** What the sample shows, e.g. `global variable`. */
  readonly label: string;
  /** The action's headers as sent (the client adds the ActionID). */
  readonly sent: AmiAction;
  /** The response, `Response: Error` included. */
  readonly response: AmiResponse;
  /** List actions: the items, in arrival order. */
  readonly events?: readonly AmiEvent[];
  /** List actions: the closing event. */
  readonly complete?: AmiEvent;
}

/** The wire type of a response header (`string | string[]`: repeated in some answers only). */
export type ResponseFieldType = 'string' | 'string[]' | 'string | string[]';

export interface ResponseField {
  type: ResponseFieldType;
  /** True when some successful answers lacked the header. */
  optional: boolean;
}

/** `tools/codegen/responses/NN.json`: the headers of each single-response action's success answer. */
export type ResponseFacts = Record<string, { fields: Record<string, ResponseField>; evidence: string }>;

/** Runs actions and records their answers. */
export declare class RecordingSession {
  constructor(client: AmiClient);
  readonly client: AmiClient;
  /** Action name → its samples, in order. */
  readonly samples: Map<string, Sample[]>;
  readonly ownChannels: string[];
  single(label: string, action: AmiAction, options?: SendOptions): Promise<AmiResponse>;
  refused(label: string, action: AmiAction): Promise<AmiResponse>;
  list(label: string, action: AmiAction, options?: SendListOptions): Promise<AmiListResult>;
  /** A call that stays up: `channel` (;1, in `hold`) and `peer` (;2, in `answer`). */
  call(): Promise<{ channel: string; peer: string }>;
  channelsOf(uniqueids: readonly string[]): Promise<string[]>;
  hangupOwn(): Promise<void>;
}

export interface Scenario {
  /** The action it is about (it may record others too, e.g. QueueAdd records QueueRemove). */
  readonly action: string;
  run(session: RecordingSession): Promise<unknown>;
}

export declare const TEST_CONTEXT: string;
export declare function unique(prefix: string): string;
export declare const scenarios: readonly Scenario[];
export declare const NUMBERED_HEADER: RegExp;
export declare function deriveResponses(
  samples: ReadonlyMap<string, readonly Sample[]>,
  evidence: (action: string) => string,
): ResponseFacts;
export declare function runScenarios(
  client: AmiClient,
  only?: readonly string[],
): Promise<{ samples: Map<string, Sample[]>; failures: { action: string; error: unknown }[] }>;
