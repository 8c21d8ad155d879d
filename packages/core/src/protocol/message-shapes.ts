/** A message under construction or built: header name → value, or values when it repeated. */
export type Fields = Record<string, string | string[]>;

/** Builds the object of a message whose headers are exactly a shape's names, in order. */
type Build = (values: readonly string[]) => Fields;

/** The header names of one kind of message (same first line), in the order last seen. */
export interface MessageShape {
  readonly names: readonly string[];
  /** Set once the same names came twice in a row and they can be written as an object literal. */
  build: Build | undefined;
  /** Messages that had exactly these names since they were learned. */
  repeats: number;
  /** Messages with this first line and other names since the last one that had these. */
  misses: number;
  readonly compilable: boolean;
}

/** Kinds of messages remembered per parser; a server inventing more gets the generic path. */
export const MAX_SHAPES = 1024;
/** Object builders made per parser; a server that keeps changing its shapes stops getting new ones. */
export const MAX_BUILDS = 4096;
/** Most headers a remembered shape has. */
const MAX_SHAPE_FIELDS = 128;
/** Most characters of a remembered shape's names and first value, together: bounds what 1024 shapes keep. */
const MAX_SHAPE_CHARS = 4096;
/**
 * Messages in a row with other names before a kind's shape is replaced: a kind whose optional
 * headers vary keeps the shape it has most often instead of being learned again each time.
 */
const MISSES_BEFORE_REPLACING = 2;

/**
 * Remembers, for each first line (`Event: Newchannel`, `Response: Success`), the header names
 * that followed it last time. Messages of one kind nearly always repeat them in the same order,
 * so the parser can recognise each name in place instead of cutting it out of the text, and
 * build the object with one literal (one hidden class, no property added one by one) instead of
 * up to a hundred dynamic property writes, which dominated parsing.
 */
export class MessageShapes {
  private readonly byFirstLine = new Map<string, Map<string, MessageShape>>();
  private size = 0;
  private builds = 0;
  private canCompile = true;

  /** The shape last seen after this first line, if any. */
  find(name: string, value: string): MessageShape | undefined {
    return this.byFirstLine.get(name)?.get(value);
  }

  /**
   * Called after each message that did not have its kind's names (or whose kind had none yet),
   * with its names and its first header's value. Learned names that come again get a builder.
   */
  learn(names: readonly string[], count: number, value: string): void {
    const first = names[0]!;
    if (first === 'Output') return;
    let byValue = this.byFirstLine.get(first);
    const known = byValue?.get(value);
    if (known !== undefined) {
      if (sameNames(known.names, names, count)) {
        this.matched(known);
        return;
      }
      if (++known.misses < MISSES_BEFORE_REPLACING) return;
    } else if (this.size >= MAX_SHAPES) {
      return;
    }
    if (count > MAX_SHAPE_FIELDS) return;
    let chars = value.length;
    for (let i = 0; i < count; i++) chars += names[i]!.length;
    if (chars > MAX_SHAPE_CHARS) return;
    if (byValue === undefined) this.byFirstLine.set(own(first), (byValue = new Map<string, MessageShape>()));
    if (known === undefined) this.size++;
    const copy = names.slice(0, count).map(own);
    byValue.set(own(value), { names: copy, build: undefined, repeats: 1, misses: 0, compilable: isCompilable(copy) });
  }

  /** Called for each message that had exactly the shape's names. */
  matched(shape: MessageShape): void {
    shape.misses = 0;
    if (shape.build !== undefined) return;
    shape.repeats++;
    if (shape.repeats < 2 || !shape.compilable || !this.canCompile || this.builds >= MAX_BUILDS) return;
    this.builds++;
    try {
      shape.build = compile(shape.names);
    } catch {
      // Code generation disallowed (--disallow-code-generation-from-strings): generic path only.
      this.canCompile = false;
    }
  }
}

/**
 * A copy that shares no memory with the text it was cut from: a remembered name must not keep
 * the block of the stream it came from alive. (Prefixing forces a new string; slicing it again
 * refers to that new string only.)
 */
function own(text: string): string {
  return ` ${text}`.slice(1);
}

function sameNames(known: readonly string[], names: readonly string[], count: number): boolean {
  if (known.length !== count) return false;
  for (let i = 0; i < count; i++) if (known[i] !== names[i]) return false;
  return true;
}

/** Names that an object literal writes as plain own data properties, each once. */
function isCompilable(names: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const name of names) {
    // `__proto__:` in a literal sets the prototype; Output is always an array.
    if (name === '__proto__' || name === 'Output' || seen.has(name)) return false;
    seen.add(name);
  }
  return true;
}

function compile(names: readonly string[]): Build {
  // Each name is a JSON string literal, so no header name can escape into the code.
  const fields = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the names are JSON literals (above)
  return new Function('values', `return { ${fields} };`) as Build;
}

/** Builds a message the generic way: repeated names become arrays, Output always is one. */
export function buildFields(names: readonly string[], values: readonly string[], count: number): Fields {
  const message: Fields = {};
  for (let i = 0; i < count; i++) addField(message, names[i]!, values[i]!);
  return message;
}

function addField(message: Fields, key: string, value: string): void {
  const existing = message[key];
  if (typeof existing === 'string') {
    message[key] = [existing, value];
  } else if (Array.isArray(existing)) {
    existing.push(value);
  } else if (key === '__proto__') {
    // A plain assignment would replace the prototype; store it as ordinary data instead.
    Object.defineProperty(message, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    // (also shadows an inherited name such as "constructor")
    message[key] = key === 'Output' ? [value] : value;
  }
}
