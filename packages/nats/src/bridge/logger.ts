/** One line of the bridge's log. Messages never carry secrets. */
export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly server?: string;
  readonly message: string;
}

/** Receives the bridge's log lines. */
export type Logger = (entry: LogEntry) => void;
