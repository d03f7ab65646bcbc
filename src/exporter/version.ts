import { readFileSync } from 'node:fs';

// Read at start-up rather than imported as JSON, so the built and the tsx-run layouts both work.
function readVersion(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const parsed = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (parsed.name === 'openai-usage-exporter' && typeof parsed.version === 'string')
        return parsed.version;
    } catch {
      // try the next layout
    }
  }
  return 'unknown';
}

export const VERSION = readVersion();
