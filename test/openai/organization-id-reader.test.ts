import { describe, expect, it } from 'vitest';
import { newestOrganizationId } from '../../src/openai/organization-id.js';

const result = (organizationId?: unknown) => ({
  object: 'organization.costs.result',
  amount: { value: 1, currency: 'usd' },
  ...(organizationId === undefined ? {} : { organization_id: organizationId }),
});

describe('reading the organization id of a costs page', () => {
  it('takes it from the newest bucket that names one', () => {
    const page = {
      data: [
        { start_time: 0, end_time: 86_400, results: [result('org-old')] },
        { start_time: 86_400, end_time: 172_800, results: [result('org-new'), result()] },
        { start_time: 172_800, end_time: 259_200, results: [] },
      ],
    };
    expect(newestOrganizationId(page)).toBe('org-new');
  });

  it('is undefined when no result names one, or the page is not a page', () => {
    expect(newestOrganizationId({ data: [{ results: [result(), result(42)] }] })).toBeUndefined();
    expect(newestOrganizationId({ data: 'nope' })).toBeUndefined();
    expect(newestOrganizationId(null)).toBeUndefined();
  });
});
