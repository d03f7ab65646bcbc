// Regenerates the generated sections of README.md: `npm run docs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderGeneratedReadme } from '../src/docs/readme-sections.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, renderGeneratedReadme(readFileSync(path, 'utf8')));
