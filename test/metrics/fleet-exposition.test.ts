import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { syncFlushedDeflate } from '../../src/metrics/body-segment.js';
import { FleetExposition, UnknownOrganizationError } from '../../src/metrics/fleet-exposition.js';
import { indexPart } from '../../src/metrics/part-index.js';
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

/** Today's merge, as the text it must serve: one HELP/TYPE per family, then each organization's samples. */
function mergedText(organizations: readonly string[], parts: ReadonlyMap<string, string | Buffer>): string {
  const present = organizations.flatMap((name) => {
    const content = parts.get(name);
    return content === undefined ? [] : [indexPart(Buffer.from(content))];
  });
  const chunks: Buffer[] = present.map((part) => part.preamble);
  const names = new Set(present.flatMap((part) => [...part.families.keys()]));
  for (const name of names) {
    const families = present.flatMap((part) => part.families.get(name) ?? []);
    chunks.push(families[0]?.header ?? Buffer.alloc(0), ...families.map((family) => family.samples));
  }
  return Buffer.concat(chunks).toString();
}

/** A deflate that counts what it compresses. */
function countingDeflate() {
  const calls: Buffer[] = [];
  const deflate = (plain: Buffer, level: number) => {
    calls.push(Buffer.from(plain));
    return syncFlushedDeflate(plain, level);
  };
  return { calls, deflate, bytes: () => calls.reduce((sum, call) => sum + call.length, 0) };
}

describe('the compression of several organizations’ exposition', () => {
  it.each([1, 2, 3])(
    'compresses only the organization that changed, of %i, and serves exactly the merged text',
    async (count) => {
      const organizations = ORGANIZATIONS.slice(0, count);
      const { calls, deflate, bytes } = countingDeflate();
      // Every merged part compressed per organization, however small.
      const fleet = new FleetExposition(organizations, ORDER, { deflate, wholeBelow: 0 });
      const served = new Map<string, Buffer>();
      // Each organization has a different set of families (more projects, more fields seen).
      for (const [i, organization] of organizations.entries()) {
        served.set(organization, completions(organization, i + 1, 10 ** i));
        await fleet.partsFor(organization).update('completions', served.get(organization) as Buffer);
      }
      expect(gunzipSync(fleet.cache.gzip).toString()).toBe(mergedText(organizations, served));

      const last = organizations.at(-1) as string;
      const changed = completions(last, 2 + count, 7);
      served.set(last, changed);
      calls.length = 0;
      await fleet.partsFor(last).update('completions', changed);
      const text = mergedText(organizations, served);
      expect(gunzipSync(fleet.cache.gzip).toString()).toBe(text);
      expect(fleet.cache.plain.toString()).toBe(text);
      // Its samples, and at most its HELP and TYPE lines no organization had before; nothing of the others.
      const own = indexPart(changed);
      const samples = [...own.families.values()].reduce((sum, family) => sum + family.samples.length, 0);
      expect(bytes()).toBeGreaterThanOrEqual(samples);
      expect(bytes()).toBeLessThan(changed.length + 1);
      for (const other of organizations.filter((name) => name !== last)) {
        expect(calls.some((call) => call.includes(`organization="${other}"`))).toBe(false);
      }
    },
  );

  it('serves exactly the merged text when families are missing in some organizations and a part shrinks to nothing', async () => {
    const fleet = new FleetExposition(ORGANIZATIONS, ORDER);
    const rendered = await organizationParts();
    const byPart = new Map<string, Map<string, string | Buffer>>();
    for (const organization of ORGANIZATIONS) {
      for (const [part, content] of rendered.get(organization) ?? []) {
        if (part === 'self') continue;
        byPart.set(part, (byPart.get(part) ?? new Map()).set(organization, content));
        await fleet.partsFor(organization).update(part, content);
      }
    }
    const expected = () =>
      ORDER.filter((part) => byPart.has(part))
        .map((part) => mergedText(ORGANIZATIONS, byPart.get(part) as Map<string, string | Buffer>))
        .join('');
    expect(gunzipSync(fleet.cache.gzip).toString()).toBe(expected());
    // The first organization with a family (whose HELP and TYPE lines are served) loses it.
    for (const [part, organization] of [
      ['costs', 'acme'],
      ['completions', 'acme'],
      ['names', 'globex'],
    ] as const) {
      byPart.get(part)?.set(organization, '');
      await fleet.partsFor(organization).update(part, '');
      expect(gunzipSync(fleet.cache.gzip).toString()).toBe(expected());
      expect(fleet.cache.plain.toString()).toBe(expected());
    }
  });

  it('never lets an older render of an organization’s part replace a newer one that was compressed first', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    const deflate = async (plain: Buffer, level: number) => {
      // The older render's samples (not its HELP and TYPE lines, which the newer one shares).
      if (first && !plain.toString().startsWith('# ')) {
        first = false;
        await gate;
      }
      return syncFlushedDeflate(plain, level);
    };
    const fleet = new FleetExposition(['acme', 'globex'], ORDER, { deflate, wholeBelow: 0 });
    const older = fleet.partsFor('acme').update('estimate', estimate('acme', 1));
    await fleet.partsFor('acme').update('estimate', estimate('acme', 2));
    release();
    await older;
    expect(gunzipSync(fleet.cache.gzip).toString()).toBe(estimate('acme', 2));
  });

  it('compresses a merged part smaller than its threshold whole, every organization’s samples in one stream', async () => {
    const { calls, deflate } = countingDeflate();
    const fleet = new FleetExposition(['acme', 'globex'], ORDER, { deflate, wholeBelow: 1_000_000 });
    const served = new Map([
      ['acme', completions('acme', 3, 1)],
      ['globex', completions('globex', 2, 5)],
    ]);
    for (const [organization, content] of served)
      await fleet.partsFor(organization).update('completions', content);
    const text = mergedText(['acme', 'globex'], served);
    expect(gunzipSync(fleet.cache.gzip).toString()).toBe(text);
    expect(calls.at(-1)?.toString()).toBe(text);
  });

  it('serves the latest part of every organization when their updates overlap, whole or per organization', async () => {
    for (const wholeBelow of [0, 1_000_000]) {
      const fleet = new FleetExposition(ORGANIZATIONS, ORDER, { wholeBelow });
      const latest = new Map<string, Buffer>();
      const updates: Promise<void>[] = [];
      for (let round = 1; round <= 4; round++) {
        for (const [i, organization] of ORGANIZATIONS.entries()) {
          const content = completions(organization, 1 + ((round + i) % 3), round);
          latest.set(organization, content);
          updates.push(fleet.partsFor(organization).update('completions', content));
        }
      }
      await Promise.all(updates);
      expect(gunzipSync(fleet.cache.gzip).toString()).toBe(mergedText(ORGANIZATIONS, latest));
    }
  });
});
