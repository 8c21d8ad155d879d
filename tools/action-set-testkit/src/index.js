// @ts-check
export { recordingSender, requiredParams } from './stub.js';
export { goamiActions, loadSpec, readCodegenJson } from './spec.js';
export { describeActionSet, hangupAndFaxOverrides } from './suites.js';
