/** Header values of a message written by the fake server; arrays repeat the header. */
export type FrameFields = Readonly<Record<string, string | number | readonly (string | number)[] | undefined>>;

/** Formats one AMI message (`Name: value` lines and the blank line) the way Asterisk writes it. */
export function frame(fields: FrameFields, lineEnd = '\r\n'): string {
  let out = '';
  for (const name of Object.keys(fields)) {
    const value = fields[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) out += `${name}: ${item}${lineEnd}`;
    } else {
      out += `${name}: ${value as string | number}${lineEnd}`;
    }
  }
  return out + lineEnd;
}

/** A response frame. */
export function responseFrame(actionId: string | undefined, fields: FrameFields & { Response?: string }): string {
  const { Response = 'Success', ...rest } = fields;
  return frame({ Response, ActionID: actionId, ...rest });
}

/** An event frame. */
export function eventFrame(name: string, fields: FrameFields = {}): string {
  return frame({ Event: name, ...fields });
}

/**
 * An event list as Asterisk ≥ 13 sends it: the `EventList: start` response, the items, and
 * the closing event with `EventList: Complete` and `ListItems`.
 */
export function eventListFrames(
  actionId: string,
  items: readonly { Event: string; [name: string]: string | number | undefined }[],
  completeEvent: string,
): string {
  let out = responseFrame(actionId, { EventList: 'start', Message: 'Events will follow' });
  for (const item of items) out += frame({ ...item, ActionID: actionId });
  out += frame({ Event: completeEvent, ActionID: actionId, EventList: 'Complete', ListItems: items.length });
  return out;
}
