// Admin-key authentication like the API: 401 without a key or with an unknown one (the key
// is masked in the message, never echoed whole), 403 for project keys lacking api.usage.read.

import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors.js';

/** Shows only a short head and tail of a key, like the API, and nothing of a short one. */
export function maskKey(key: string): string {
  if (key.length < 16) return '*'.repeat(Math.min(key.length, 8));
  return `${key.slice(0, 3)}${'*'.repeat(8)}${key.slice(-4)}`;
}

export function authenticate(headers: IncomingHttpHeaders): void {
  const header = headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  const key = match?.[1];
  if (key === undefined) {
    throw new ApiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      'invalid_request_error',
    );
  }
  if (/^sk-admin-\S+$/.test(key)) return;
  if (key.startsWith('sk-proj-')) {
    throw new ApiError(
      403,
      'You have insufficient permissions for this operation. Missing scopes: api.usage.read. Check that you have the correct role in your organization (Owner), and if you are using a restricted API key, that it has the necessary scopes.',
      'invalid_request_error',
      null,
      'insufficient_permissions',
    );
  }
  throw new ApiError(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    null,
    'invalid_api_key',
  );
}
