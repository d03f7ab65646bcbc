// Upstream error bodies are echoed into our error messages, and OpenAI's 401 text quotes the
// offending key ("Incorrect API key provided: sk-…"), so everything upstream-sourced passes through
// `redactSecrets` (src/secrets/redact.ts).

export { redactSecrets } from '../secrets/redact.js';

/** True when `body` holds one of the keys, also behind JSON escapes (`\u002d`…) that decode to it. */
export function containsSecret(body: string, keys: string | readonly string[]): boolean {
  const secrets = (typeof keys === 'string' ? [keys] : keys).filter((key) => key.length > 0);
  if (secrets.length === 0) return false;
  if (secrets.some((key) => body.includes(key))) return true;
  // Escapes are rare in these answers, so only a body that has one pays for decoding.
  if (!body.includes('\\')) return false;
  try {
    const decoded = JSON.stringify(JSON.parse(body));
    return secrets.some((key) => decoded.includes(key));
  } catch {
    return false;
  }
}
