import { v4 as uuidv4 } from 'uuid';

/** A fresh ActionID (a random UUID), unique across connections and processes. */
export function newActionId(): string {
  return uuidv4();
}
