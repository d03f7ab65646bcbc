// The upstream simulator: a deterministic stand-in for the OpenAI organization Usage and Costs API.

export { decimalString } from './amount-format.js';
export { FaultValidationError } from './faults.js';
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
  Simulator,
  SimulatorOptions,
  SimulatorScale,
  SyntheticApiKey,
  SyntheticModel,
  SyntheticOrganization,
  SyntheticProject,
  SyntheticUser,
  SyntheticVectorStore,
  TruthQuery,
  TruthRow,
} from './types.js';
