import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { BasicAuthenticator } from '../../../src/http/web-config/basic-authenticator.js';
import type { VerifyPassword } from '../../../src/http/web-config/index.js';
import { startExporter } from './support/exporter-server.js';
import { basic, get } from './support/requests.js';

const ALICE = bcrypt.hashSync('correct horse', 4);
const BOB = bcrypt.hashSync('battery staple', 5);
const USERS = new Map([
  ['alice', ALICE],
  ['bob', BOB],
]);

/** Real bcrypt, but every call is recorded. */
function countingBcrypt(): { verify: VerifyPassword; calls: { password: string; hash: string }[] } {
  const calls: { password: string; hash: string }[] = [];
  return {
    calls,
    verify: (password, hash) => {
      calls.push({ password, hash });
      return bcrypt.compare(password, hash);
    },
  };
}

describe('the verification cache', () => {
  it('runs bcrypt once for 200 concurrent scrapes with the same credentials, and never again after', async () => {
    const bcryptSpy = countingBcrypt();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Held until every scrape has reached the server, so all 200 really are in flight together.
    const held: VerifyPassword = (password, hash) => gate.then(() => bcryptSpy.verify(password, hash));
    const exporter = await startExporter({ basicAuthUsers: USERS }, { verifyPassword: held });
    let arrived = 0;
    exporter.server.on('request', () => {
      arrived += 1;
      if (arrived === 200) release();
    });
    try {
      const scrape = () =>
        get(`${exporter.url}/metrics`, { auth: 'alice:correct horse' }).then((r) => r.status);
      const first = await Promise.all(Array.from({ length: 200 }, scrape));
      expect(first.every((status) => status === 200)).toBe(true);
      expect(bcryptSpy.calls).toHaveLength(1);
      for (let i = 0; i < 20; i++) expect(await scrape()).toBe(200);
      expect(bcryptSpy.calls).toHaveLength(1);
    } finally {
      await exporter.close();
    }
  });

  it('does not remember failures: every wrong password pays bcrypt', async () => {
    const bcryptSpy = countingBcrypt();
    const auth = new BasicAuthenticator(USERS, bcryptSpy.verify);
    for (let i = 0; i < 3; i++) expect(await auth.authenticate(basic('alice:wrong'))).toBe(false);
    expect(bcryptSpy.calls).toHaveLength(3);
  });

  it('does not let a remembered user in with a different password', async () => {
    const bcryptSpy = countingBcrypt();
    const auth = new BasicAuthenticator(USERS, bcryptSpy.verify);
    expect(await auth.authenticate(basic('alice:correct horse'))).toBe(true);
    expect(await auth.authenticate(basic('alice:correct horse!'))).toBe(false);
    expect(await auth.authenticate(basic('alice:correct horse'))).toBe(true);
    expect(bcryptSpy.calls.map((call) => call.password)).toEqual(['correct horse', 'correct horse!']);
  });

  it('remembers each user separately', async () => {
    const bcryptSpy = countingBcrypt();
    const auth = new BasicAuthenticator(USERS, bcryptSpy.verify);
    for (let i = 0; i < 3; i++) {
      expect(await auth.authenticate(basic('alice:correct horse'))).toBe(true);
      expect(await auth.authenticate(basic('bob:battery staple'))).toBe(true);
    }
    expect(bcryptSpy.calls).toHaveLength(2);
  });

  it('makes an unknown user pay a bcrypt run against the costliest configured hash', async () => {
    const bcryptSpy = countingBcrypt();
    const auth = new BasicAuthenticator(USERS, bcryptSpy.verify);
    expect(await auth.authenticate(basic('mallory:battery staple'))).toBe(false);
    expect(bcryptSpy.calls).toEqual([{ password: 'battery staple', hash: BOB }]);
  });

  it("never trusts the decoy's verdict, even when the password matches it", async () => {
    const alwaysMatches: VerifyPassword = async () => true;
    const auth = new BasicAuthenticator(USERS, alwaysMatches);
    expect(await auth.authenticate(basic('mallory:anything'))).toBe(false);
    expect(await auth.authenticate(basic('alice:anything'))).toBe(true);
  });

  it('skips bcrypt entirely for a missing or malformed header', async () => {
    const bcryptSpy = countingBcrypt();
    const auth = new BasicAuthenticator(USERS, bcryptSpy.verify);
    for (const header of [undefined, '', 'Basic', 'Bearer x', 'Basic !!!!']) {
      expect(await auth.authenticate(header)).toBe(false);
    }
    expect(bcryptSpy.calls).toHaveLength(0);
  });

  it('answers false rather than throwing when the verifier fails', async () => {
    const broken: VerifyPassword = () => Promise.reject(new Error('boom'));
    const auth = new BasicAuthenticator(USERS, broken);
    expect(await auth.authenticate(basic('alice:correct horse'))).toBe(false);
  });
});
