import { describe, expect, it } from 'vitest';
import { sanMatcher, subjectAltNames } from '../../../src/http/web-config/client-certificate-policy.js';

describe('client_allowed_sans matching', () => {
  it("reads the DNS, IP, e-mail and URI names from Node's rendering of a certificate's SANs", () => {
    const rendered =
      'DNS:a.example, IP Address:0:0:0:0:0:0:0:1, email:x@y.z, URI:spiffe://td/ns/a, DirName:CN=x, DNS:"b,c.example"';
    expect(subjectAltNames(rendered)).toEqual([
      { kind: 'DNS', value: 'a.example' },
      { kind: 'IP Address', value: '0:0:0:0:0:0:0:1' },
      { kind: 'email', value: 'x@y.z' },
      { kind: 'URI', value: 'spiffe://td/ns/a' },
      { kind: 'DNS', value: 'b,c.example' },
    ]);
    expect(subjectAltNames(undefined)).toEqual([]);
  });

  it('matches names exactly and IP addresses by address rather than spelling', () => {
    const matches = sanMatcher(['scraper.example', '::1', '10.0.0.7', 'spiffe://td/ns/a']);
    expect(matches({ kind: 'DNS', value: 'scraper.example' })).toBe(true);
    expect(matches({ kind: 'DNS', value: 'Scraper.example' })).toBe(false);
    expect(matches({ kind: 'DNS', value: 'other.example' })).toBe(false);
    expect(matches({ kind: 'IP Address', value: '0:0:0:0:0:0:0:1' })).toBe(true);
    expect(matches({ kind: 'IP Address', value: '10.0.0.7' })).toBe(true);
    expect(matches({ kind: 'IP Address', value: '10.0.0.8' })).toBe(false);
    expect(matches({ kind: 'URI', value: 'spiffe://td/ns/a' })).toBe(true);
  });
});
