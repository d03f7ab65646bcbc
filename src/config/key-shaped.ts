// The admin key has exactly two ways in (OPENAI_ADMIN_KEY and OPENAI_ADMIN_KEY_FILE). A key pasted
// into any other option would travel on into --check-config output, labels on /metrics or file
// names, so every option value from every source is checked before any of it is used.

import { ConfigError } from './config-error.js';

// OpenAI keys: `sk-admin-…`, `sk-proj-…`, `sk-svcacct-…` and the legacy `sk-…`, each with a long
// random body. Twenty characters keeps ordinary words such as `task-sk-queue` clear of the rule.
const KEY_SHAPED = /sk-[A-Za-z0-9_-]{20,}/;

export const KEY_SHAPED_PROBLEM =
  'looks like an OpenAI API key; refusing to use it as a value (keys belong in OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_FILE)';

/** A config file key named like the admin key gets the one answer that helps, not a list of keys. */
export const ADMIN_KEY_NAME = /(^|[-_.])key$|(admin|api)[-_]?key/i;

export function isKeyShaped(text: string): boolean {
  return KEY_SHAPED.test(text);
}

/** Throws when `value`, or any string or mapping key nested in it, is shaped like a key. */
export function refuseKeyShaped(value: unknown, at: string): void {
  if (typeof value === 'string') {
    if (isKeyShaped(value)) throw new ConfigError(at, KEY_SHAPED_PROBLEM);
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) refuseKeyShaped(item, `${at}[${index}]`);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      // The key itself is what must not be echoed, so the error names the mapping holding it.
      if (isKeyShaped(key)) throw new ConfigError(at, KEY_SHAPED_PROBLEM);
      refuseKeyShaped(child, `${at}.${key}`);
    }
  }
}
