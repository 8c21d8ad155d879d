import { AmiConnectionError } from '../errors/errors.js';
import { newActionId } from '../protocol/action-id.js';
import type { AmiSession } from './session.js';

/**
 * Tells a dead connection from a busy one. Every `intervalMs` it sends a Ping (unless one is
 * still out); the connection is declared dead only when, for `timeoutMs`, nothing at all was
 * received and the Ping is not queued behind an earlier action still within its own timeout
 * (Asterisk runs one action at a time per session: a synchronous Originate may hold the Ping
 * for 30 s on a perfectly healthy connection).
 */
export class Keepalive {
  private interval: NodeJS.Timeout | undefined;
  private check: NodeJS.Timeout | undefined;
  private ping: AbortController | undefined;

  constructor(
    private readonly session: AmiSession,
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly onDead: (error: AmiConnectionError) => void,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || !Number.isFinite(this.intervalMs)) return;
    this.interval = setInterval(() => this.sendPing(), this.intervalMs);
    this.interval.unref();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    if (this.check) clearTimeout(this.check);
    this.interval = undefined;
    this.check = undefined;
    this.ping?.abort();
    this.ping = undefined;
  }

  private sendPing(): void {
    const session = this.session;
    if (this.ping || !session.isOpen) return;
    const ping = new AbortController();
    this.ping = ping;
    const actionId = newActionId();
    // No timeout of its own: the checks below decide, the Ping only has to come back some time.
    session.dispatch({ Action: 'Ping', ActionID: actionId }, { timeoutMs: 0, signal: ping.signal }).then(
      () => this.answered(ping),
      () => this.answered(ping),
    );
    this.armCheck(actionId, session.bytesReceived);
  }

  private answered(ping: AbortController): void {
    if (this.ping !== ping) return;
    this.ping = undefined;
    if (this.check) clearTimeout(this.check);
    this.check = undefined;
  }

  private armCheck(actionId: string, bytesBefore: number): void {
    this.check = setTimeout(() => {
      this.check = undefined;
      const session = this.session;
      if (!this.ping || !session.isOpen) return;
      if (session.bytesReceived !== bytesBefore || session.isQueuedBehind(actionId)) {
        // Alive, or busy with an earlier action that has not timed out: look again later.
        this.armCheck(actionId, session.bytesReceived);
        return;
      }
      this.stop();
      this.onDead(
        new AmiConnectionError(`keepalive: nothing received for ${this.timeoutMs} ms and the Ping went unanswered`),
      );
    }, this.timeoutMs);
    this.check.unref();
  }
}
