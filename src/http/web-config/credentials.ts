// The `Authorization: Basic` header, parsed as strictly as Go's Request.BasicAuth: anything odd is
// simply "no credentials", so a malformed header gets the same 401 as a wrong password.

export interface Credentials {
  readonly user: string;
  readonly password: string;
  /** `user:password` exactly as sent; unambiguous because a user name cannot contain a colon. */
  readonly pair: string;
}

const BASIC = /^basic (.*)$/is;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Invalid UTF-8 would otherwise decode to U+FFFD and could match a password that contains it.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function parseBasicAuthorization(header: string | undefined): Credentials | undefined {
  const token = header === undefined ? undefined : BASIC.exec(header)?.[1];
  if (token === undefined || !BASE64.test(token)) return undefined;
  let pair: string;
  try {
    pair = UTF8.decode(Buffer.from(token, 'base64'));
  } catch {
    return undefined;
  }
  const colon = pair.indexOf(':');
  if (colon < 0) return undefined;
  return { user: pair.slice(0, colon), password: pair.slice(colon + 1), pair };
}
