import { ExporterError } from '../errors.js';

/** A start-up the configuration makes impossible: the process exits with a usage error. */
export class StartupError extends ExporterError {
  override readonly name = 'StartupError';
}
