import { describe, expect, it } from 'vitest';
import { isRepoFile, readRepoFile } from './repo-files.js';

const pkg = JSON.parse(readRepoFile('package.json')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
  devDependencies: Record<string, string>;
};
const sourceOf = (built: string): string => built.replace(/^dist\//, '').replace(/\.js$/, '.ts');

describe('package.json', () => {
  it('starts the built program, building first when needed, and runs no devDependency to do it', () => {
    expect(pkg.scripts.start).toMatch(/^(exec )?node dist\/src\/main\.js$/);
    expect(pkg.scripts.prestart).toMatch(/scripts\/build\.mjs --if-stale/);
    for (const dev of Object.keys(pkg.devDependencies)) expect(pkg.scripts.start).not.toContain(dev);
  });

  it('runs the source with tsx under npm run dev', () => {
    expect(pkg.scripts.dev).toBe('tsx src/main.ts');
  });

  it('builds before packing, and packs the build that bin points to', () => {
    expect(pkg.scripts.prepack).toMatch(/scripts\/build\.mjs$/);
    expect(pkg.files).toContain('dist');
    const bin = Object.values(pkg.bin)[0] ?? '';
    expect(bin.startsWith('dist/')).toBe(true);
    expect(isRepoFile(sourceOf(bin))).toBe(true);
  });
});
