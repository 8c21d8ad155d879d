import type { AmiFieldValue } from '../protocol/message.js';

/**
 * A value of a required action parameter: anything a header accepts except `null` and
 * `undefined`. The generated action packages type their required parameters with it.
 */
export type AmiValue = Exclude<AmiFieldValue, null | undefined>;
