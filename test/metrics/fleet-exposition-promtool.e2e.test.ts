import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FleetExposition } from '../../src/metrics/fleet-exposition.js';
import { ORDER, ORGANIZATIONS, organizationParts } from '../support/organization-parts.js';

describe('the exposition of several organizations, checked by promtool', () => {
  it('passes promtool check metrics with three organizations', async () => {
    const fleet = new FleetExposition(ORGANIZATIONS, ORDER);
    for (const [organization, own] of await organizationParts()) {
      for (const [part, content] of own) await fleet.partsFor(organization).update(part, content);
    }
    const promtool = spawnSync('promtool', ['check', 'metrics'], {
      input: fleet.cache.plain,
      encoding: 'utf8',
    });
    expect(promtool.error, 'promtool must be installed (Debian package prometheus)').toBeUndefined();
    expect(`${promtool.stdout}${promtool.stderr}`.trim()).toBe('');
    expect(promtool.status).toBe(0);
  });
});
