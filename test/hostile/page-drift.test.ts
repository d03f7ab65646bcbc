import { describeFaultScenario } from './support/fault-scenario.js';

// Pages that are odd but still trustworthy: nothing fails, and nothing may be lost or counted twice.

describeFaultScenario(
  {
    name: 'the legacy `result` key',
    faults: [{ kind: 'legacy-result-key' }],
    minutes: 15,
    failing: [],
    evidence: [],
  },
  51,
);

describeFaultScenario(
  {
    name: 'fields it does not know',
    faults: [{ kind: 'extra-fields' }],
    minutes: 15,
    failing: [],
    evidence: [],
  },
  52,
);

// Longer than the 1m window, so some minutes are only ever seen without their optional fields.
describeFaultScenario(
  {
    name: 'results without their optional fields',
    faults: [{ kind: 'drop-optional-fields' }],
    minutes: 40,
    failing: [],
    evidence: [],
  },
  53,
);
