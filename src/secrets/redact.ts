// Every place a secret could leak through (log lines, error messages, upstream error bodies echoed
// into them, config values quoted back to the operator, --check-config) masks it here, with one
// spelling, so an operator grepping for a leak looks for one word.

export const REDACTED = '<redacted>';

// OpenAI's 401 text quotes the offending key ("Incorrect API key provided: sk-…"), masked or not.
const SECRET_TOKEN = /\bsk-[A-Za-z0-9_*-]*/g;
const BEARER = /\bBearer\s+\S+/gi;
// In an operator's own value, a short `sk-` stem is too often an ordinary word to mask.
const KEY_LIKE_VALUE = /sk-[A-Za-z0-9_-]{6,}/g;
const MAX_DETAIL_LENGTH = 500;

/** Replaces every occurrence of each secret, also its JSON-escaped spelling, with `<redacted>`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    scrubbed = scrubbed.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) scrubbed = scrubbed.split(escaped).join(REDACTED);
  }
  return scrubbed;
}

/** Masks anything in an operator-supplied value that is shaped like an API key. */
export function maskKeyLike(text: string): string {
  return text.replace(KEY_LIKE_VALUE, REDACTED);
}

/**
 * Upstream-sourced text made safe to carry in an error message: the keys, any `sk-` token and bearer
 * credentials masked, control characters flattened, the length capped.
 */
export function redactSecrets(text: string, secrets: string | readonly string[]): string {
  let out = scrubSecrets(text, typeof secrets === 'string' ? [secrets] : secrets);
  out = out.replace(SECRET_TOKEN, REDACTED).replace(BEARER, `Bearer ${REDACTED}`);
  // Control characters would let an upstream body forge log lines downstream.
  out = out.replace(/\p{Cc}+/gu, ' ');
  return out.length > MAX_DETAIL_LENGTH ? `${out.slice(0, MAX_DETAIL_LENGTH)}…` : out;
}
