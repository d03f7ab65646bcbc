import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/index.js';
import { TODAY } from './helpers.js';

describe('the synthetic organization', () => {
  it('scales to more than 100,000 distinct completions label sets (project, user, key, model, batch) in a day', () => {
    const sim = createSimulator({
      scale: { projects: 50, usersPerProject: 20, apiKeysPerProject: 10, models: 6 },
    });
    const rows = sim.truth.finalTotals({
      category: 'completions',
      startTime: TODAY - 86_400,
      endTime: TODAY,
      groupBy: ['project_id', 'user_id', 'api_key_id', 'model', 'batch'],
    });
    expect(rows.length).toBeGreaterThan(100_000);
    // Building a day of 100k label sets takes about 20 s alone, and twice that under coverage on a busy
    // machine: the limit only has to catch a hang, not measure speed.
  }, 180_000);
});
