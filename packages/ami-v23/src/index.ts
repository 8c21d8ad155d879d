/**
 * Typed actions and events of the Asterisk 23 Manager Interface. Everything here is generated
 * from the release's spec; see the package README for the naming rule.
 * @packageDocumentation
 */
export * from './generated/index.js';
