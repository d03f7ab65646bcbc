// Names of the synthetic organization's objects; numbered when a scale needs more than a list has.

export const ORG_NAMES = [
  'Acme Labs',
  'Northwind AI',
  'Globex Research',
  'Initech',
  'Umbrella Analytics',
  'Hooli',
];
export const PROJECT_NAMES = [
  'Default project',
  'Support Assistant',
  'Search Ranking',
  'Data Pipeline',
  'Mobile App',
  'Research Sandbox',
  'Marketing Copy',
  'Voice Agent',
];
export const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Radia',
  'Leslie',
];
export const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
];
export const KEY_NAMES = ['prod-backend', 'staging', 'ci', 'batch-jobs', 'notebook', 'eval-harness'];
export const VECTOR_STORE_NAMES = ['Help center articles', 'Product manuals', 'Contracts'];
