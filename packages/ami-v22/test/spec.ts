// The integration tests read committed codegen data through here; the helpers live in the kit.
export { readCodegenJson } from '@tsami/action-set-testkit';
