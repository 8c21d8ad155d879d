// @ts-check
/**
 * Turns a spec file plus its overrides into the model the emitter writes out. All validation
 * happens here, so a bad spec or a stale override fails the generator instead of producing
 * wrong code.
 */
import { eventTypeName, functionName, paramsTypeName, typeIdentifier } from './naming.mjs';
import { releaseResponses } from './responses.mjs';
import { findSnapshots, releaseBlocks } from './snapshots.mjs';

/**
 * @typedef {{ name: string, required: boolean, enum?: string[] }} SpecParam
 * @typedef {{ params: SpecParam[], eventList: string | null, module: string,
 *   eventListSource?: string, listItemEvents?: string[], actionIdDocumented?: boolean,
 *   registered?: boolean, documented?: boolean, privilege?: string[] }} SpecAction
 * @typedef {{ fields: string[], origin: string, modules?: string[], enums?: Record<string, string[]>,
 *   fieldsFromCode?: string[], codeSpelling?: Record<string, string>, docName?: string,
 *   classes?: string[] }} SpecEvent
 * @typedef {{ asteriskVersion: string, source: string, commit: string, amiVersion: string,
 *   actions: Record<string, SpecAction>, events: Record<string, SpecEvent> }} Spec
 *
 * @typedef {{ reason: string, remove?: boolean, enum?: string[] | null, openEnum?: boolean,
 *   family?: string, type?: 'string', required?: boolean }} ParamOverride
 * @typedef {{ reason: string, required?: boolean, enum?: string[], openEnum?: boolean }} AddedParam
 * @typedef {{ reason: string, eventList?: string | null, listItemEvents?: string[],
 *   listWhen?: { param: string, prefix: string }, note?: string, extraHeaders?: boolean,
 *   params?: Record<string, ParamOverride>, addParams?: Record<string, AddedParam> }} ActionOverride
 * @typedef {{ reason: string, addFields?: string[], repeatedFields?: string[] }} EventOverride
 * @typedef {{ actions?: Record<string, ActionOverride>, events?: Record<string, EventOverride> }} Overrides
 *
 * @typedef {{ name: string, required: boolean, enum: string[] | null, openEnum: boolean,
 *   type: 'value' | 'string' | 'actionId', family: string | null }} ParamModel
 * @typedef {{ name: string, fn: string, paramsType: string, module: string, params: ParamModel[],
 *   required: string[], eventList: string | null, itemEvents: string[], itemTypes: string[], closingType: string | null,
 *   listWhen: { param: string, prefix: string } | null,
 *   notes: string[], extraHeaders: boolean, registered: boolean, documented: boolean, privilege: string[],
 *   response: (import('./responses.mjs').ResponseModel & { typeName: string }) | null }} ActionModel
 * @typedef {{ name: string, typeName: string, snapshots: string[], fields: string[], repeated: string[],
 *   enums: Record<string, string[]>, modules: string[], origin: string, docName: string | null, classes: string[] }} EventModel
 * @typedef {{ name: string, prefix: string, kind: string, fields: string[], enums: Record<string, string[]> }} SnapshotModel
 * @typedef {{ version: string, majors: number[], specFile: string, overridesFile: string, asteriskVersion: string,
 *   commit: string, amiVersion: string, source: string, actions: ActionModel[], events: EventModel[],
 *   snapshots: SnapshotModel[] }} Model
 */

/** An `<enumlist>` entry that describes values instead of being one (`Response code`, `a,b,...`). */
const DESCRIPTIVE_ENUM_VALUE = /[\s<>()|,]|\.\.\./;
/** Placeholder parameter names: numbered families (`Action-000000`, `UnitAmount(0)`) and `HeaderN`. */
const PLACEHOLDER_PARAM = /^(.*-(X{6}|0{6})|.*\(0\)|Header(1|N))$/;

/** Code-unit order, independent of the machine's locale. @param {string} a @param {string} b */
export function compareNames(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * @param {Spec} spec
 * @param {Overrides} overrides
 * @param {{ version: string, majors?: number[], specFile: string, overridesFile: string }} where
 *   `majors`: the Asterisk majors the package fits (default: the spec's own)
 * @param {Map<string, import('./responses.mjs').Recorded>} [recorded] recorded success responses by release
 * @returns {Model}
 */
export function buildModel(spec, overrides, where, recorded = new Map()) {
  const actionOverrides = overrides.actions ?? {};
  for (const [name, entry] of Object.entries(actionOverrides)) {
    if (!spec.actions[name]) throw new Error(`${where.overridesFile}: action ${name} is not in ${where.specFile}`);
    requireReason(entry, `${where.overridesFile}: ${name}`);
  }

  const fnNames = /** @type {Map<string, string>} */ (new Map());
  /** @type {ActionModel[]} */
  const actions = [];
  for (const name of Object.keys(spec.actions).sort(compareNames)) {
    const action = /** @type {SpecAction} */ (spec.actions[name]);
    const override = actionOverrides[name];
    const fn = functionName(name);
    const clash = fnNames.get(fn);
    if (clash) throw new Error(`actions ${clash} and ${name} both map to the function name ${fn}`);
    fnNames.set(fn, name);
    actions.push(buildAction(name, fn, action, override, spec, where));
  }

  const responses = releaseResponses(recorded, where.version, Object.fromEntries(actions.map((a) => [a.name, a])));
  for (const a of actions) {
    const response = responses.get(a.name);
    if (response) a.response = { ...response, typeName: `${typeIdentifier(a.name)}Response` };
  }

  const typeNames = /** @type {Map<string, string>} */ (new Map());
  /** @type {Map<string, SnapshotModel>} */
  const snapshots = new Map();
  const blocks = releaseBlocks(Object.values(spec.events).map((e) => e.fields));
  /** @type {EventModel[]} */
  const events = [];
  for (const name of Object.keys(spec.events).sort(compareNames)) {
    const event = /** @type {SpecEvent} */ (spec.events[name]);
    const typeName = eventTypeName(name);
    const clash = typeNames.get(typeName);
    if (clash) throw new Error(`events ${clash} and ${name} both map to the type name ${typeName}`);
    typeNames.set(typeName, name);
    const spelling = event.codeSpelling ?? {};
    // The wire spelling wins where the code writes a header differently from its documentation.
    const fields = [...new Set(event.fields.map((f) => spelling[f] ?? f))].filter((f) => f !== 'Event');
    const eventOverride = overrides.events?.[name];
    if (eventOverride) {
      requireReason(eventOverride, `${where.overridesFile}: events.${name}`);
      for (const field of eventOverride.addFields ?? []) {
        if (fields.includes(field))
          throw new Error(`${where.overridesFile}: events.${name}.addFields: ${field} is already in the spec`);
        fields.push(field);
      }
      for (const field of eventOverride.repeatedFields ?? []) {
        if (!fields.includes(field))
          throw new Error(`${where.overridesFile}: events.${name}.repeatedFields: no field ${field}`);
      }
    }
    /** @type {Record<string, string[]>} */
    const enums = {};
    for (const [field, values] of Object.entries(event.enums ?? {})) enums[spelling[field] ?? field] = values;
    const found = findSnapshots(fields, blocks);
    for (const block of found) {
      const known = snapshots.get(block.name) ?? { ...block, enums: {} };
      snapshots.set(block.name, known);
      for (const field of block.fields) {
        const values = enums[field];
        if (!values) continue;
        const before = known.enums[field];
        if (before && before.join('|') !== values.join('|'))
          throw new Error(
            `${where.specFile}: ${name}.${field} has other values than the ${block.name} of other events`,
          );
        known.enums[field] = values;
        delete enums[field];
      }
    }
    const inBlocks = new Set(found.flatMap((b) => b.fields));
    events.push({
      name,
      typeName,
      snapshots: found.map((b) => b.name),
      fields: fields.filter((f) => !inBlocks.has(f)),
      repeated: [...(eventOverride?.repeatedFields ?? [])],
      enums,
      modules: [...(event.modules ?? [])].sort(compareNames),
      origin: event.origin,
      classes: [...(event.classes ?? [])],
      docName: event.docName ?? null,
    });
  }

  for (const name of Object.keys(overrides.events ?? {})) {
    if (!spec.events[name])
      throw new Error(`${where.overridesFile}: events.${name} is not an event of ${where.specFile}`);
  }

  return {
    version: where.version,
    majors: where.majors ?? [Number.parseInt(spec.asteriskVersion, 10)],
    specFile: where.specFile,
    overridesFile: where.overridesFile,
    asteriskVersion: spec.asteriskVersion,
    commit: spec.commit,
    amiVersion: spec.amiVersion,
    source: spec.source,
    actions,
    events,
    snapshots: [...snapshots.values()].sort((a, b) => compareNames(a.name, b.name)),
  };
}

/**
 * @param {string} name
 * @param {string} fn
 * @param {SpecAction} action
 * @param {ActionOverride | undefined} override
 * @param {Spec} spec
 * @param {{ specFile: string, overridesFile: string }} where
 * @returns {ActionModel}
 */
function buildAction(name, fn, action, override, spec, where) {
  const at = `${where.overridesFile}: ${name}`;
  const paramOverrides = override?.params ?? {};
  const seen = new Set();
  for (const param of Object.keys(paramOverrides)) {
    if (!action.params.some((p) => p.name === param)) throw new Error(`${at}: parameter ${param} is not in the spec`);
    requireReason(/** @type {ParamOverride} */ (paramOverrides[param]), `${at}.${param}`);
  }

  /** @type {ParamModel[]} */
  const params = [];
  for (const param of action.params) {
    if (seen.has(param.name)) throw new Error(`${where.specFile}: ${name} lists ${param.name} twice`);
    seen.add(param.name);
    const po = paramOverrides[param.name];
    if (po?.remove) continue;
    let values = param.enum ?? null;
    if (po && 'enum' in po) values = po.enum ?? null;
    const openEnum = po?.openEnum ?? false;
    const family = po?.family ?? null;
    if (!family && PLACEHOLDER_PARAM.test(param.name)) {
      throw new Error(
        `${where.specFile}: ${name}.${param.name} looks like a placeholder; describe it in ${where.overridesFile}`,
      );
    }
    if (family && !family.includes('${'))
      throw new Error(`${at}.${param.name}: family must be a template such as Action-\${string}`);
    const descriptive = values?.find((v) => DESCRIPTIVE_ENUM_VALUE.test(v));
    if (descriptive !== undefined) {
      throw new Error(
        `${where.specFile}: ${name}.${param.name} has the descriptive enum value ${JSON.stringify(descriptive)}; ` +
          `replace it in ${where.overridesFile}`,
      );
    }
    params.push({
      name: param.name,
      // the docs' flag, unless the wire shows otherwise (overrides say why)
      required: po?.required ?? param.required,
      enum: values,
      openEnum,
      type: param.name === 'ActionID' ? 'actionId' : (po?.type ?? 'value'),
      family,
    });
  }
  for (const [param, added] of Object.entries(override?.addParams ?? {})) {
    if (seen.has(param)) throw new Error(`${at}: addParams.${param} is already in the spec`);
    requireReason(added, `${at}.addParams.${param}`);
    params.push({
      name: param,
      required: added.required ?? false,
      enum: added.enum ?? null,
      openEnum: added.openEnum ?? false,
      type: 'value',
      family: null,
    });
  }

  const eventList = override && 'eventList' in override ? (override.eventList ?? null) : action.eventList;
  let itemEvents = override?.listItemEvents ?? action.listItemEvents ?? null;
  if (eventList && !itemEvents) {
    // Closing events are named after their items in most modules (`ContactStatusDetailComplete`).
    const guess = eventList.replace(/Complete$/, '');
    itemEvents = guess !== eventList && spec.events[guess] ? [guess] : [];
  }
  for (const item of itemEvents ?? []) {
    if (!spec.events[item]) throw new Error(`${at}: list item event ${item} is not in ${where.specFile}`);
  }
  const listWhen = override?.listWhen ?? null;
  if (listWhen) {
    if (!eventList) throw new Error(`${at}: listWhen needs an eventList`);
    const p = params.find((x) => x.name === listWhen.param);
    if (!p?.required || p.type !== 'string')
      throw new Error(`${at}: listWhen.param must be a required string parameter`);
  }

  const notes = [];
  if (override?.note) notes.push(override.note);

  return {
    name,
    fn,
    paramsType: paramsTypeName(name),
    module: action.module,
    params,
    required: params.filter((p) => p.required).map((p) => p.name),
    eventList,
    itemEvents: eventList ? [...(itemEvents ?? [])] : [],
    itemTypes: eventList ? (itemEvents ?? []).map(eventTypeName) : [],
    closingType: eventList && spec.events[eventList] ? eventTypeName(eventList) : null,
    listWhen,
    notes,
    extraHeaders: override?.extraHeaders ?? false,
    registered: action.registered !== false,
    privilege: [...(action.privilege ?? [])],
    response: null,
    documented: action.documented !== false,
  };
}

/** @param {{ reason?: unknown }} entry @param {string} at */
function requireReason(entry, at) {
  if (typeof entry.reason !== 'string' || entry.reason.trim().length < 10) {
    throw new Error(`${at}: every override needs a reason`);
  }
}
