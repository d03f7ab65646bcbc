import { describe, expect, it } from 'vitest';
import { decodeListenAddress } from '../../src/config/address-decoders.js';
import { ConfigError } from '../../src/config/config-error.js';
import { splitListenAddress } from '../../src/http/server.js';

describe('the listen address, decoded once', () => {
  it('reads host:port, :port and [ipv6]:port into {host, port}', () => {
    expect(decodeListenAddress('127.0.0.1:9863')).toEqual({ host: '127.0.0.1', port: 9863 });
    expect(decodeListenAddress(':9863')).toEqual({ host: undefined, port: 9863 });
    expect(decodeListenAddress('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(decodeListenAddress(' localhost:80 ')).toEqual({ host: 'localhost', port: 80 });
  });

  it('is what the web server binds', () => {
    expect(splitListenAddress('[::]:9863')).toEqual(decodeListenAddress('[::]:9863'));
  });

  it('names the option and the problem', () => {
    expect(() => decodeListenAddress('9863')).toThrow(ConfigError);
    expect(() => decodeListenAddress('9863')).toThrow(/^--web\.listen-address: "9863" has no port/);
    expect(() => decodeListenAddress('::1:9863', 'ENV')).toThrow(/^ENV: .*put an IPv6 host in brackets/);
    expect(() => decodeListenAddress(':65536')).toThrow(/has an invalid port; expected 0-65535/);
  });
});
