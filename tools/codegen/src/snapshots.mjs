// @ts-check
/**
 * Finds the channel and bridge snapshot blocks in the header lists of events. Asterisk 12 and
 * later describe a channel (or a bridge) with the same block of headers in almost every event,
 * prefixed (`DestChannel`, `ToBridgeUniqueid`) when an event describes more than one; the emitter
 * writes each block once as a base interface that the events extend.
 *
 * The block differs between releases (Asterisk 14 documents no `Language`), so a release's block
 * is the part of the full one that most of its events carrying the block's key header document.
 */
import { typeIdentifier } from './naming.mjs';

/** Headers of a channel snapshot in the newest releases, in wire order. */
export const CHANNEL_SNAPSHOT = Object.freeze([
  'Channel',
  'ChannelState',
  'ChannelStateDesc',
  'CallerIDNum',
  'CallerIDName',
  'ConnectedLineNum',
  'ConnectedLineName',
  'Language',
  'AccountCode',
  'Context',
  'Exten',
  'Priority',
  'Uniqueid',
  'Linkedid',
]);

/** Headers of a bridge snapshot in the newest releases, in wire order. */
export const BRIDGE_SNAPSHOT = Object.freeze([
  'BridgeUniqueid',
  'BridgeType',
  'BridgeTechnology',
  'BridgeCreator',
  'BridgeName',
  'BridgeNumChannels',
  'BridgeVideoSourceMode',
  'BridgeVideoSource',
]);

const BLOCKS = Object.freeze([
  { kind: 'Channel', fields: CHANNEL_SNAPSHOT, key: 'Uniqueid' },
  { kind: 'Bridge', fields: BRIDGE_SNAPSHOT, key: 'BridgeUniqueid' },
]);

/** @typedef {{ kind: string, key: string, fields: readonly string[] }} Block */

/**
 * The snapshot blocks of one release: each full block cut down to the headers that at least half
 * of the events carrying its key header have; none where that leaves less than half of the block
 * (Asterisk 10, whose events name channels without a snapshot).
 * @param {readonly (readonly string[])[]} eventFields the header list of every event of the release
 * @returns {Block[]}
 */
export function releaseBlocks(eventFields) {
  return BLOCKS.flatMap((block) => {
    const carriers = eventFields.filter((fields) => fields.includes(block.key));
    const fields = block.fields.filter((f) => 2 * carriers.filter((c) => c.includes(f)).length >= carriers.length);
    return carriers.length && 2 * fields.length >= block.fields.length ? [{ ...block, fields }] : [];
  });
}

/**
 * The complete snapshot blocks in one event's headers, in the order their first header appears.
 * @param {readonly string[]} fields
 * @param {readonly Block[]} blocks the release's blocks
 * @returns {{ name: string, prefix: string, kind: string, fields: string[] }[]}
 */
export function findSnapshots(fields, blocks) {
  const present = new Set(fields);
  /** @type {{ name: string, prefix: string, kind: string, fields: string[] }[]} */
  const found = [];
  for (const field of fields) {
    for (const block of blocks) {
      if (!field.endsWith(block.key)) continue;
      const prefix = field.slice(0, field.length - block.key.length);
      const blockFields = block.fields.map((f) => prefix + f);
      if (!blockFields.every((f) => present.has(f))) continue;
      const name = `${typeIdentifier(prefix)}${block.kind}Snapshot`;
      if (!found.some((s) => s.name === name)) found.push({ name, prefix, kind: block.kind, fields: blockFields });
    }
  }
  const order = (/** @type {{ fields: string[] }} */ s) => Math.min(...s.fields.map((f) => fields.indexOf(f)));
  return found.sort((a, b) => order(a) - order(b));
}
