import { describe, expect, it } from 'vitest';
import { parseBasicAuthorization } from '../../../src/http/web-config/credentials.js';
import { basic } from './support/requests.js';

describe('parsing an Authorization header', () => {
  it('splits user from password at the first colon', () => {
    expect(parseBasicAuthorization(basic('alice:a:b'))).toEqual({
      user: 'alice',
      password: 'a:b',
      pair: 'alice:a:b',
    });
  });

  it('allows an empty user or password', () => {
    expect(parseBasicAuthorization(basic(':'))).toMatchObject({ user: '', password: '' });
  });

  it('reads UTF-8 user names and passwords', () => {
    expect(parseBasicAuthorization(basic('zoë:pässwörd'))).toMatchObject({
      user: 'zoë',
      password: 'pässwörd',
    });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['another scheme', 'Bearer YWxpY2U6cHc='],
    ['no space after the scheme', 'BasicYWxpY2U6cHc='],
    ['two spaces after the scheme', 'Basic  YWxpY2U6cHc='],
    ['unpadded base64', 'Basic YWxpY2U6cHc'],
    ['characters outside base64', 'Basic YWxpY2U6c*c='],
    ['no colon', basic('alice')],
    ['invalid UTF-8', `Basic ${Buffer.from([0x61, 0x3a, 0xc3]).toString('base64')}`],
  ])('yields nothing for a header that is %s', (_name, header) => {
    expect(parseBasicAuthorization(header)).toBeUndefined();
  });
});
