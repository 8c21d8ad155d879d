/**
 * Removes secrets from text that leaves the bridge (status, errors, logs): each known secret,
 * and any `user:password@` part of a URL.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\/\/[^/@\s]*:[^/@\s]*@/g, '//***@');
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}
