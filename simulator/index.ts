// The upstream simulator: a deterministic stand-in for the OpenAI organization Usage and Costs API,
// its admin listings (projects, users, API keys) and its limits (spend limits, spend alerts, rate limits).

export { decimalString } from './amount-format.js';
export { FaultValidationError } from './faults.js';
export { LIMITS_PERIOD_SECONDS, UNLIMITED_MODEL } from './limits-model.js';
export { SimulatorOptionsError } from './organization.js';
export { createSimulator } from './simulator.js';
export { TruthQueryError } from './truth.js';
export type {
  Fault,
  FaultController,
  FaultKind,
  GroundTruth,
  PriceChange,
  RequestStats,
  RunningSimulator,
  SimulatedLimits,
  SimulatedProjectLimits,
  SimulatedRateLimit,
  SimulatedSpendAlert,
  SimulatedSpendLimit,
  Simulator,
  SimulatorOptions,
  SimulatorScale,
  SyntheticApiKey,
  SyntheticModel,
  SyntheticOrganization,
  SyntheticProject,
  SyntheticUser,
  SyntheticVectorStore,
  TrafficSpike,
  TruthQuery,
  TruthRow,
} from './types.js';
