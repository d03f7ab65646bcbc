import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderNames } from '../../src/metrics/names-renderer.js';
import { parseExposition } from '../support/exposition.js';

const directory = {
  projects: [{ id: 'proj_a', name: 'Support "bot"\\prod\nline two', status: 'archived' }],
  apiKeys: [{ id: 'key_a', name: 'ci', projectId: 'proj_a' }],
  users: [{ id: 'user-a', name: 'Ada', email: 'ada@example.com', role: 'owner' }],
};

describe('the names exposition', () => {
  it('renders three info gauges valued 1, with names escaped as label values', () => {
    const parsed = parseExposition(renderNames(directory, { includeEmails: false, organization: 'acme' }));
    expect(parsed.samples).toEqual([
      {
        name: 'openai_project_info',
        labels: {
          organization: 'acme',
          project_id: 'proj_a',
          project_name: 'Support "bot"\\prod\nline two',
          status: 'archived',
        },
        value: 1,
      },
      {
        name: 'openai_api_key_info',
        labels: { organization: 'acme', api_key_id: 'key_a', api_key_name: 'ci', project_id: 'proj_a' },
        value: 1,
      },
      {
        name: 'openai_user_info',
        labels: { organization: 'acme', user_id: 'user-a', user_name: 'Ada', role: 'owner' },
        value: 1,
      },
    ]);
    for (const family of ['openai_project_info', 'openai_api_key_info', 'openai_user_info']) {
      expect(parsed.types.get(family)).toBe('gauge');
      expect(parsed.help.get(family)).toContain('always 1');
    }
  });

  it('puts the organization first on every series, so joins can name it with the id', () => {
    const text = renderNames(directory, { includeEmails: true, organization: 'acme' });
    const lines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^openai_\w+_info\{organization="acme",/);
  });

  it('adds the email label only when asked to', () => {
    const text = renderNames(directory, { includeEmails: true, organization: 'acme' });
    const user = parseExposition(text).samples.find((s) => s.name === 'openai_user_info');
    expect(user?.labels).toEqual({
      organization: 'acme',
      user_id: 'user-a',
      user_name: 'Ada',
      role: 'owner',
      email: 'ada@example.com',
    });
    expect(renderNames(directory, { includeEmails: false, organization: 'acme' })).not.toContain(
      'ada@example.com',
    );
  });

  it('leaves out a family with nothing in it rather than serving an empty one', () => {
    const text = renderNames(
      { projects: [], apiKeys: [], users: directory.users },
      { includeEmails: false, organization: 'acme' },
    );
    expect(text).not.toContain('openai_project_info');
    expect(text).not.toContain('openai_api_key_info');
    expect(parseExposition(text).samples).toHaveLength(1);
  });

  it('stays a valid exposition for any name a user could type', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const text = renderNames(
          {
            projects: [{ id: 'proj_x', name: a, status: b }],
            apiKeys: [{ id: 'key_x', name: b, projectId: 'proj_x' }],
            users: [{ id: 'user-x', name: a, email: b, role: '' }],
          },
          { includeEmails: true, organization: 'acme' },
        );
        const samples = parseExposition(text).samples;
        expect(
          samples.map((s) => s.labels.project_name ?? s.labels.api_key_name ?? s.labels.user_name),
        ).toEqual([a, b, a]);
      }),
    );
  });
});
