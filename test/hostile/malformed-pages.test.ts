import { ALL_CATEGORIES, describeFaultScenario } from './support/fault-scenario.js';

const malformed = [{ metric: 'openai_exporter_malformed_pages_total' }];

describeFaultScenario(
  {
    name: 'truncated JSON',
    faults: [{ kind: 'truncated-json' }],
    minutes: 15,
    failing: ALL_CATEGORIES,
    evidence: malformed,
  },
  41,
);

describeFaultScenario(
  {
    name: 'malformed JSON',
    faults: [{ kind: 'malformed-json' }],
    minutes: 15,
    failing: ALL_CATEGORIES,
    evidence: malformed,
  },
  42,
);

describeFaultScenario(
  {
    name: 'bodies larger than the client accepts',
    faults: [{ kind: 'oversized', bytes: 1536 * 1024 }],
    minutes: 10,
    client: { maxResponseBytes: 1024 * 1024 },
    failing: ALL_CATEGORIES,
    evidence: malformed,
  },
  43,
);

describeFaultScenario(
  {
    name: 'a next_page cursor that leads back to the first page',
    faults: [{ kind: 'repeating-cursor' }],
    minutes: 15,
    failing: ALL_CATEGORIES,
    evidence: malformed,
  },
  44,
);

describeFaultScenario(
  {
    name: 'has_more with a null next_page',
    faults: [{ kind: 'has-more-null-next' }],
    minutes: 15,
    failing: ALL_CATEGORIES,
    evidence: malformed,
  },
  45,
);
