// Regenerates the generated sections of README.md and docs/*.md: `npm run docs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { GENERATED_DOCS, renderGeneratedSections } from './docs/readme-sections.js';

for (const [file, sections] of Object.entries(GENERATED_DOCS)) {
  const path = new URL(`../${file}`, import.meta.url);
  writeFileSync(path, renderGeneratedSections(readFileSync(path, 'utf8'), sections, file));
}
