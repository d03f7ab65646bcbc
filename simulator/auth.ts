// Admin-key authentication like the API: 401 without a key or with an unknown one (the key
// is masked in the message, never echoed whole), 403 for project keys lacking api.usage.read.

import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors.js';

/** Shows only a short head and tail of a key, like the API, and nothing of a short one. */
export function maskKey(key: string): string {
  if (key.length < 16) return '*'.repeat(Math.min(key.length, 8));
  return `${key.slice(0, 3)}${'*'.repeat(8)}${key.slice(-4)}`;
}

/** The key of an `Authorization: Bearer KEY` header, or undefined when there is none. */
export function bearerKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The 401 the API answers for a key it does not know (revoked, mistyped, another's). */
export function incorrectKey(key: string): ApiError {
  return new ApiError(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    null,
    'invalid_api_key',
  );
}

/** The 401 for a request without a bearer key. */
export function missingKey(): ApiError {
  return new ApiError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    'invalid_request_error',
  );
}

export function authenticate(headers: IncomingHttpHeaders): void {
  const key = bearerKey(headers);
  if (key === undefined) throw missingKey();
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
  throw incorrectKey(key);
}
