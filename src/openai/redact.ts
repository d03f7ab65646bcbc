// Upstream error bodies are echoed into our error messages, and OpenAI's 401 text quotes the
// offending key ("Incorrect API key provided: sk-…"), so everything upstream-sourced passes through here.

const SECRET_TOKEN = /\bsk-[A-Za-z0-9_*-]*/g;
const BEARER = /\bBearer\s+\S+/gi;
const MAX_DETAIL_LENGTH = 500;

export function redactSecrets(text: string, adminKey: string): string {
  let out = text;
  if (adminKey.length > 0) out = out.split(adminKey).join('[redacted]');
  out = out.replace(SECRET_TOKEN, 'sk-[redacted]').replace(BEARER, 'Bearer [redacted]');
  // Control characters would let an upstream body forge log lines downstream.
  out = out.replace(/\p{Cc}+/gu, ' ');
  return out.length > MAX_DETAIL_LENGTH ? `${out.slice(0, MAX_DETAIL_LENGTH)}…` : out;
}

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
