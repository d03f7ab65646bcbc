import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderGeneratedReadme } from '../../src/docs/readme-sections.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('has options and metrics tables generated from the code (run `npm run docs` after changing either)', () => {
    expect(renderGeneratedReadme(readme)).toBe(readme);
  });

  it('starts with a quick start whose test command is the one CI runs', () => {
    const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
    expect(readme).toMatch(/npm start -- --demo/);
    expect(readme).toMatch(/^npm test\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
