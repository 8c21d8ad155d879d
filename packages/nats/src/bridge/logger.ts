/** One line of the bridge's log. Messages never carry secrets. */
export interface LogEntry {
  /** How serious it is. */
  readonly level: 'info' | 'warn' | 'error';
  /** The Asterisk server it concerns, if one. */
  readonly server?: string;
  /** What happened, in words (never a secret). */
  readonly message: string;
}

/** Receives the bridge's log lines. */
export type Logger = (entry: LogEntry) => void;
