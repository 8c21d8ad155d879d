#!/usr/bin/env node
// Records the answers of a live Asterisk and derives the typed response headers from them.
//
//   AMI_URL=ami://user:secret@127.0.0.1:5038 node tools/response-recorder/src/record.js [--release 22] [Action ...]
//   node tools/response-recorder/src/record.js --derive-only [--release 22]
//
// See README.md beside this folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmiClient } from '@tsami/core';
import { deriveResponses } from './derive.js';
import { runScenarios } from './run.js';

const codegenDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'codegen');

/** @param {string[]} argv */
function parseArgs(argv) {
  const args = { release: '22', deriveOnly: false, only: /** @type {string[]} */ ([]) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--release') args.release = argv[++i] ?? args.release;
    else if (arg === '--derive-only') args.deriveOnly = true;
    else args.only.push(arg);
  }
  return args;
}

/** @param {string} file @param {unknown} value */
function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * @param {string} release
 * @param {readonly string[]} only
 */
async function record(release, only) {
  const url = process.env.AMI_URL;
  if (!url) throw new Error('AMI_URL is not set (ami://user:secret@host:port of a user with all rights)');
  const client = new AmiClient({ url, reconnect: false, events: 'off', actionTimeoutMs: 15_000 });
  await client.connect();
  try {
    const settings = await client.send({ Action: 'CoreSettings' });
    const { samples, failures } = await runScenarios(client, only);
    for (const [action, list] of samples) {
      writeJson(path.join(codegenDir, 'recordings', release, `${action}.json`), {
        action,
        asterisk: settings.AsteriskVersion,
        amiVersion: client.amiVersion,
        recordedWith: 'tools/response-recorder',
        samples: list,
      });
      const outcomes = list.map((sample) => `${sample.label}: ${sample.response.Response}`).join('; ');
      console.log(`${action}: ${outcomes}`);
    }
    for (const { action, error } of failures)
      console.warn(`${action}: failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await client.close();
  }
}

/** @param {string} release */
function derive(release) {
  const dir = path.join(codegenDir, 'recordings', release);
  /** @type {Map<string, import('../index.js').Sample[]>} */
  const samples = new Map();
  for (const file of fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    /** @type {unknown} */
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const recording = /** @type {{ action: string, samples: import('../index.js').Sample[] }} */ (parsed);
    samples.set(recording.action, recording.samples);
  }
  const responses = deriveResponses(samples, (action) => `recordings/${release}/${action}.json`);
  writeJson(path.join(codegenDir, 'responses', `${release}.json`), responses);
  console.log(`responses/${release}.json: ${Object.keys(responses).length} actions`);
}

const args = parseArgs(process.argv.slice(2));
try {
  if (!args.deriveOnly) await record(args.release, args.only);
  derive(args.release);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
