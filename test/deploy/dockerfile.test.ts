import { describe, expect, it } from 'vitest';
import { envPairs, execForm, type Instruction, parseDockerfile, type Stage } from './dockerfile.js';
import { configFrom, DEFAULT_PORT, EXPORTER_VARIABLES, statusesOf } from './exporter-schema.js';
import { isRepoDirectory, isRepoFile, readRepoFile } from './repo-files.js';

const stages = parseDockerfile(readRepoFile('Dockerfile'));
const final = stages.at(-1) as Stage;
const all = (stage: Stage, keyword: string): Instruction[] =>
  stage.instructions.filter((i) => i.keyword === keyword);
const one = (stage: Stage, keyword: string): Instruction => {
  const found = all(stage, keyword);
  expect(found.map((i) => i.keyword)).toEqual([keyword]);
  return found[0] as Instruction;
};
const finalEnv = Object.fromEntries(all(final, 'ENV').flatMap((i) => envPairs(i.args)));

/** `dist/src/x.js` back to the `src/x.ts` that tsc (outDir dist, rootDir .) builds it from. */
const sourceOf = (built: string): string => built.replace(/^dist\//, '').replace(/\.js$/, '.ts');

describe('the Dockerfile', () => {
  it('builds in one stage and ships only the result in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const builders = stages.slice(0, -1).map((s) => s.name);
    const copiedFrom = all(final, 'COPY')
      .map((i) => /--from=(\S+)/.exec(i.args)?.[1])
      .filter((from) => from !== undefined);
    expect(copiedFrom.length).toBeGreaterThan(0);
    for (const from of copiedFrom) expect(builders).toContain(from);
    expect(all(final, 'RUN').some((i) => /npm (ci|install)/.test(i.args))).toBe(false);
  });

  it('uses the Node 24 LTS image in every stage', () => {
    for (const stage of stages) expect(stage.from).toMatch(/^node:24(?:[-.][\w.-]*)?$/);
  });

  it('runs as a non-root user', () => {
    const user = all(final, 'USER').at(-1)?.args.split(':')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const entrypoint = one(final, 'ENTRYPOINT');
    expect(all(final, 'USER').every((u) => u.line < entrypoint.line)).toBe(true);
  });

  it('keeps its state in a /data volume that the user owns and the exporter is pointed at', () => {
    const volumes = all(final, 'VOLUME').flatMap((i) =>
      i.args.startsWith('[') ? execForm(i.args) : i.args.split(/\s+/),
    );
    expect(volumes).toContain('/data');
    const user = all(final, 'USER').at(-1)?.args.split(':')[0] ?? '';
    expect(all(final, 'RUN').some((i) => new RegExp(`chown .*${user}.* /data`).test(i.args))).toBe(true);
    expect(finalEnv.OPENAI_EXPORTER_STORAGE_PATH).toBe('/data');
  });

  it('sets only exporter variables that exist, with values the exporter accepts', () => {
    const ours = Object.entries(finalEnv).filter(([name]) => name.startsWith('OPENAI_'));
    expect(ours.length).toBeGreaterThan(0);
    for (const [name] of ours) expect(EXPORTER_VARIABLES, name).toContain(name);
    const config = configFrom(Object.fromEntries(ours), ['--demo']);
    expect(config.storage.path).toBe('/data');
    expect(config.web.listenAddress).toBe(`:${DEFAULT_PORT}`);
  });

  it('exposes the port the exporter listens on', () => {
    expect(one(final, 'EXPOSE').args.split(/\s+/)).toEqual([String(DEFAULT_PORT)]);
  });

  it('starts the built exporter', () => {
    const words = execForm(one(final, 'ENTRYPOINT').args);
    expect(words[0]).toBe('node');
    expect(sourceOf(words[1] ?? '')).toBe('src/main.ts');
    expect(isRepoFile('src/main.ts')).toBe(true);
  });

  it('has a HEALTHCHECK that runs the built health probe against /-/healthy', async () => {
    const healthcheck = one(final, 'HEALTHCHECK').args;
    const words = execForm(healthcheck.slice(healthcheck.indexOf('CMD') + 3));
    expect(words[0]).toBe('node');
    const probe = sourceOf(words[1] ?? '');
    expect(isRepoFile(probe)).toBe(true);
    expect(readRepoFile(probe)).toContain("'/-/healthy'");
    expect(await statusesOf(['/-/healthy'])).toEqual({ '/-/healthy': 200 });
  });

  it('records the revision it is built from, passed as the REVISION build argument', () => {
    const builder = stages.find((stage) => all(stage, 'RUN').some((i) => /npm run build/.test(i.args)));
    expect(builder).toBeDefined();
    const stage = builder as Stage;
    expect(all(stage, 'ARG').map((i) => i.args.split('=')[0])).toContain('REVISION');
    const build = all(stage, 'RUN').find((i) => /npm run build/.test(i.args));
    expect(build?.args).toMatch(/OPENAI_EXPORTER_REVISION="?\$\{?REVISION\}?"? npm run build/);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const ignored = readRepoFile('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const sources = stages
      .flatMap((stage) => all(stage, 'COPY'))
      .filter((i) => !i.args.includes('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((w) => !w.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const path = source.replace(/^\.\//, '').replace(/\/$/, '');
      expect(isRepoFile(path) || isRepoDirectory(path), source).toBe(true);
      expect(
        ignored.filter((pattern) => path === pattern || path.startsWith(`${pattern}/`)),
        source,
      ).toEqual([]);
    }
  });
});
