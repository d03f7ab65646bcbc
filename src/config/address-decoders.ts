import { ConfigError, quote } from './config-error.js';
import type { Decoder } from './scalar-decoders.js';
import { text } from './scalar-decoders.js';

const PORT = /^\d{1,5}$/;

/** A listen address decoded once: `host` is undefined for all interfaces (`:9863`). */
export interface ListenAddress {
  readonly host: string | undefined;
  readonly port: number;
}

/**
 * `host:port`, `:port` or `[ipv6]:port`, the forms Go exporters accept for `--web.listen-address`.
 * The one parser of listen addresses: the option's decoder, the web server and the healthcheck use it.
 */
export function decodeListenAddress(value: string, at = '--web.listen-address'): ListenAddress {
  const address = value.trim();
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(address);
  const separator = address.lastIndexOf(':');
  const host = bracketed ? bracketed[1] : address.slice(0, Math.max(separator, 0));
  const port = bracketed ? bracketed[2] : separator < 0 ? undefined : address.slice(separator + 1);
  if (port === undefined) {
    throw new ConfigError(at, `${quote(address)} has no port; expected host:port, :port or [::1]:port`);
  }
  if (!bracketed && host?.includes(':')) {
    throw new ConfigError(at, `${quote(address)}: put an IPv6 host in brackets, e.g. [::1]:9863`);
  }
  if (!PORT.test(port) || Number(port) > 65535) {
    throw new ConfigError(at, `${quote(address)} has an invalid port; expected 0-65535`);
  }
  return { host: host === '' ? undefined : host, port: Number(port) };
}

export const listenAddress: Decoder<string> = (value, at) => {
  const address = text(value, at).trim();
  decodeListenAddress(address, at);
  return address;
};

export const telemetryPath: Decoder<string> = (value, at) => {
  const path = text(value, at);
  if (!path.startsWith('/')) throw new ConfigError(at, `${quote(path)} must start with /`);
  if (/[\s?#]/.test(path))
    throw new ConfigError(at, `${quote(path)} must be a plain path without spaces, ? or #`);
  return path;
};

/**
 * An http(s) URL without a trailing slash, so clients can append `/organization/...`.
 * The value is never echoed: someone may have pasted credentials into it.
 */
export const baseUrl: Decoder<string> = (value, at) => {
  const raw = text(value, at).trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(at, 'is not a valid URL; expected e.g. https://api.openai.com/v1');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(at, `must be an http or https URL, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(at, 'must not contain credentials; the admin key comes from OPENAI_ADMIN_KEY');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(at, 'must not have a query string or fragment');
  }
  return raw.replace(/\/+$/, '');
};
