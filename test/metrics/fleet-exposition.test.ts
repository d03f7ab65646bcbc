import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { FleetExposition, UnknownOrganizationError } from '../../src/metrics/fleet-exposition.js';
import { parseExposition, type Sample } from '../support/exposition.js';
import {
  completions,
  estimate,
  ORDER,
  ORGANIZATIONS,
  organizationParts,
} from '../support/organization-parts.js';

const key = (s: Sample): string => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())} ${s.value}`;

describe('the exposition of several organizations', () => {
  it('merges each part family by family: one HELP and TYPE per family, and exactly the union of the samples', async () => {
    const fleet = new FleetExposition(ORGANIZATIONS, ORDER);
    const rendered = await organizationParts();
    // Published in an order unlike the configured one.
    for (const organization of [...ORGANIZATIONS].reverse()) {
      const sink = fleet.partsFor(organization);
      for (const [part, content] of rendered.get(organization) ?? []) await sink.update(part, content);
    }
    const text = fleet.cache.plain.toString();
    const merged = parseExposition(text); // refuses a second HELP or TYPE
    const alone = [...rendered.values()].flatMap((own) =>
      [...own]
        .filter(([part]) => part !== 'self')
        .flatMap(([, content]) => parseExposition(content.toString()).samples),
    );
    const self = parseExposition(rendered.get('acme')?.get('self')?.toString() ?? '').samples;
    expect(merged.samples.map(key).sort()).toEqual([...alone, ...self].map(key).sort());
    expect(gunzipSync(fleet.cache.gzip).toString()).toBe(text);

    // A family's samples stay together, organizations in the configured order.
    const inputTokens = merged.samples.filter((s) => s.name === 'openai_completions_input_tokens_total');
    expect(inputTokens.map((s) => s.labels.organization)).toEqual([
      'acme',
      'globex',
      'globex',
      'initech',
      'initech',
      'initech',
    ]);
    const lines = text.split('\n');
    const familyOf = (line: string) =>
      /^(?:# (?:HELP|TYPE) )?([a-zA-Z_:][a-zA-Z0-9_:]*?)(?:_bucket|_sum|_count)?[{ ]/.exec(line)?.[1];
    const runs = lines.filter((line) => line !== '').map(familyOf);
    const seen = new Set<string | undefined>();
    runs.forEach((family, i) => {
      if (family !== runs[i - 1]) {
        expect(seen.has(family), `${family} is split`).toBe(false);
        seen.add(family);
      }
    });
    // A family only some organizations have appears once, with their samples.
    const quantity = merged.samples.filter((s) => s.name === 'openai_cost_quantity_total');
    expect(quantity.map((s) => [s.labels.organization, s.labels.unit])).toEqual([
      ['acme', 'tokens'],
      ['initech', 'tokens'],
    ]);
    // The self-metrics are served once, not once per organization.
    expect(text.match(/^# HELP openai_exporter_build_info /gm)).toHaveLength(1);
  });

  it('serves a later render of one organization in place of its earlier one, keeping the others', async () => {
    const fleet = new FleetExposition(['acme', 'globex'], ORDER);
    await fleet.partsFor('acme').update('estimate', estimate('acme', 1));
    await fleet.partsFor('globex').update('estimate', estimate('globex', 2));
    await fleet.partsFor('acme').update('estimate', estimate('acme', 3));
    await fleet.partsFor('globex').update('estimate', '');
    const spend = parseExposition(fleet.cache.plain.toString()).samples;
    expect(spend.map((s) => [s.labels.organization, s.value])).toEqual([
      ['acme', 3],
      ['acme', 0],
    ]);
  });

  it('serves one organization’s part as it was rendered, without copying it', async () => {
    const fleet = new FleetExposition(['acme'], ORDER);
    const update = vi.spyOn(fleet.cache, 'update');
    const rendered = completions('acme', 2, 1);
    await fleet.partsFor('acme').update('completions', rendered);
    expect(update).toHaveBeenCalledWith('completions', rendered);
    expect(update.mock.calls[0]?.[1]).toBe(rendered);
    expect(fleet.cache.plain.equals(rendered)).toBe(true);
  });

  it('refuses parts of an organization it was not made with', () => {
    const fleet = new FleetExposition(['acme'], ORDER);
    expect(() => fleet.partsFor('globex')).toThrow(UnknownOrganizationError);
  });
});
