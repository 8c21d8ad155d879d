/** The Asterisk to talk to: `AMI_URL=ami://user:secret@host:5038` (or `amis://` for TLS). */
export function amiUrl(): string {
  const url = process.env.AMI_URL;
  if (!url) {
    console.error('Set AMI_URL, e.g. AMI_URL=ami://admin:secret@127.0.0.1:5038');
    process.exit(2);
  }
  return url;
}

/**
 * An AbortSignal for programs that run until stopped: it fires on Ctrl-C (SIGINT) or SIGTERM,
 * or after `EXAMPLE_DURATION_MS` milliseconds when that is set (how the tests run them).
 */
export function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const duration = Number(process.env.EXAMPLE_DURATION_MS);
  if (duration > 0) setTimeout(stop, duration).unref();
  return controller.signal;
}
