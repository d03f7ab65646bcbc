import { describe, expect, it } from 'vitest';
import { createSimulator, SimulatorOptionsError } from '../../simulator/index.js';

describe('the synthetic organization', () => {
  it('has ids shaped like the real ones', () => {
    const org = createSimulator({ seed: 3 }).organization;
    expect(org.id).toMatch(/^org-[A-Za-z0-9]{24}$/);
    for (const p of org.projects) expect(p.id).toMatch(/^proj_[A-Za-z0-9]{24}$/);
    for (const u of org.users) {
      expect(u.id).toMatch(/^user-[A-Za-z0-9]{24}$/);
      expect(u.email).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+$/);
      expect(['owner', 'reader']).toContain(u.role);
    }
    for (const k of org.apiKeys) {
      expect(k.id).toMatch(/^key_[A-Za-z0-9]{16}$/);
      expect(k.redactedValue).toMatch(/^sk-proj-/);
    }
  });

  it('defaults to a small organization: 4 projects, 3 users and 2 keys per project, 6 completions models', () => {
    const org = createSimulator().organization;
    expect(org.projects).toHaveLength(4);
    expect(org.users).toHaveLength(12);
    expect(org.apiKeys).toHaveLength(8);
    const completions = org.models.filter((m) => m.category === 'completions').map((m) => m.id);
    expect(completions).toEqual([
      'gpt-4o-2024-08-06',
      'gpt-4o-mini-2024-07-18',
      'gpt-4.1-2025-04-14',
      'o3-2025-04-16',
      'gpt-4o-audio-preview-2024-12-17',
      'gpt-4.1-mini-2025-04-14',
    ]);
    const ids = org.models.map((m) => m.id);
    for (const id of [
      'text-embedding-3-small',
      'omni-moderation-latest',
      'gpt-image-1',
      'dall-e-3',
      'tts-1',
      'gpt-4o-mini-tts',
      'whisper-1',
      'gpt-4o-transcribe',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('takes the organization id from the options', () => {
    expect(createSimulator({ organizationId: 'org-custom' }).organization.id).toBe('org-custom');
  });

  it('adds fine-tuned snapshots when asked for more models than the catalog has', () => {
    const org = createSimulator({ scale: { models: 15 } }).organization;
    const completions = org.models.filter((m) => m.category === 'completions');
    expect(completions).toHaveLength(15);
    expect(completions[14]?.id).toMatch(/^ft:gpt-4o-mini-2024-07-18:[a-z0-9-]+::[A-Za-z0-9]{8}$/);
    expect(new Set(completions.map((m) => m.id)).size).toBe(15);
  });

  it('rejects nonsense options', () => {
    expect(() => createSimulator({ scale: { projects: 0 } })).toThrow(SimulatorOptionsError);
    expect(() => createSimulator({ scale: { models: 1.5 } })).toThrow(SimulatorOptionsError);
    expect(() => createSimulator({ finalizationDelaySeconds: -1 })).toThrow(SimulatorOptionsError);
    expect(() => createSimulator({ stringAmountRatio: 2 })).toThrow(SimulatorOptionsError);
  });
});
