// Wraps the exporter's handler so every request, whatever its path (landing page, /metrics, health,
// 404s), passes the rate limit and basic auth and carries the configured security headers.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BasicAuthenticator, type VerifyPassword, verifyWithBcrypt } from './basic-authenticator.js';
import { TokenBucket } from './token-bucket.js';
import type { WebConfig } from './web-config.js';

export const AUTH_REALM = 'openai-usage-exporter';

export interface ProtectionOptions {
  /** Replaces bcrypt, for tests that count verifications. */
  readonly verifyPassword?: VerifyPassword;
  /** Monotonic milliseconds for the rate limiter. */
  readonly now?: () => number;
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

export function protectHandler(
  handler: RequestListener,
  config: WebConfig,
  options: ProtectionOptions = {},
): RequestListener {
  const limiter = config.rateLimit === undefined ? undefined : new TokenBucket(config.rateLimit, options.now);
  const headers = Object.entries(config.headers ?? {});
  const authenticator =
    config.basicAuthUsers.size === 0
      ? undefined
      : new BasicAuthenticator(config.basicAuthUsers, options.verifyPassword ?? verifyWithBcrypt);

  return (req: IncomingMessage, res: ServerResponse) => {
    if (limiter !== undefined && !limiter.tryTake()) {
      reply(res, 429, 'Too Many Requests\n');
      return;
    }
    for (const [name, value] of headers) res.setHeader(name, value);
    if (authenticator === undefined) {
      handler(req, res);
      return;
    }
    authenticator
      .authenticate(req.headers.authorization)
      .then((authenticated) => {
        if (authenticated) {
          handler(req, res);
          return;
        }
        // The same answer whatever was wrong: no header, bad header, unknown user, wrong password.
        res.setHeader('WWW-Authenticate', `Basic realm="${AUTH_REALM}"`);
        reply(res, 401, 'Unauthorized\n');
      })
      .catch(() => {
        if (res.headersSent) res.destroy();
        else reply(res, 500, 'Internal Server Error\n');
      });
  };
}
