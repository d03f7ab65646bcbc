// Upstream error bodies are echoed into our error messages, and OpenAI's 401 text quotes the
// offending key ("Incorrect API key provided: sk-…"), so everything upstream-sourced passes through
// `redactSecrets` (src/secrets/redact.ts).

export { redactSecrets } from '../secrets/redact.js';

/** True when `body` holds the key, also behind JSON escapes (`\u002d`…) that decode to it. */
export function containsSecret(body: string, adminKey: string): boolean {
  if (adminKey.length === 0) return false;
  if (body.includes(adminKey)) return true;
  // Escapes are rare in these answers, so only a body that has one pays for decoding.
  if (!body.includes('\\')) return false;
  try {
    return JSON.stringify(JSON.parse(body)).includes(adminKey);
  } catch {
    return false;
  }
}
