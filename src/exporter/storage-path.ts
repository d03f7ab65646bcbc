import { join } from 'node:path';
import type { ExporterConfig } from '../config/config.js';

/**
 * Where the state lives. --demo keeps its own subdirectory: its simulated organization must never
 * meet a real one in the same file, and moving from the demo to a real key then starts cleanly.
 */
export function storageDirectory(config: ExporterConfig): string {
  return config.demo ? join(config.storage.path, 'demo') : config.storage.path;
}
