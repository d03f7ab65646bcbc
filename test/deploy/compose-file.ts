// docker-compose.yml as Compose reads it: variables interpolated, volume and port short syntax
// understood, and container paths traced back to the repository files mounted there.

import { posix } from 'node:path';
import { at, isObject, type Json, list, readYaml } from './repo-files.js';

export const COMPOSE_FILE = 'docker-compose.yml';

/** Compose interpolation: `$$`, `$NAME`, `${NAME}`, and the `:-`, `-`, `:?`, `?`, `:+`, `+` forms. */
export function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(
    /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_match, whole: string, braced?: string, operator?: string, operand?: string, bare?: string) => {
      if (whole === '$') return '$';
      const name = braced ?? bare ?? '';
      const value = env[name];
      const empty = value === undefined || (operator?.startsWith(':') === true && value === '');
      switch (operator?.replace(':', '')) {
        case '-':
          return empty ? (operand ?? '') : (value ?? '');
        case '?':
          if (empty) throw new Error(`${name}: ${operand}`);
          return value ?? '';
        case '+':
          return empty ? '' : (operand ?? '');
        default:
          return value ?? '';
      }
    },
  );
}

function interpolateAll(value: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  }
  return value;
}

export function readCompose(env: Readonly<Record<string, string>> = {}): Json {
  const parsed = readYaml(COMPOSE_FILE);
  if (!isObject(parsed)) throw new Error(`${COMPOSE_FILE} is not a mapping`);
  return interpolateAll(parsed, env) as Json;
}

export function service(compose: Json, name: string): Json {
  const found = at(compose, 'services', name);
  if (!isObject(found)) throw new Error(`service ${name} is not a mapping`);
  return found;
}

export interface Mount {
  readonly type: 'bind' | 'volume' | 'tmpfs';
  /** Repository-relative path for binds, the volume name for volumes. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

const isHostPath = (source: string): boolean => /^(\.|\/|~)/.test(source);

export function mounts(svc: Json): Mount[] {
  const entries = svc.volumes === undefined ? [] : list(svc.volumes, 'volumes');
  const fromVolumes = entries.map((entry): Mount => {
    if (typeof entry === 'string') {
      const [source = '', target, mode = ''] = entry.split(':');
      if (target === undefined) return { type: 'volume', source: '', target: source, readOnly: false };
      return {
        type: isHostPath(source) ? 'bind' : 'volume',
        source: isHostPath(source) ? posix.normalize(source) : source,
        target,
        readOnly: mode.split(',').includes('ro'),
      };
    }
    const type = String(at(entry, 'type')) as Mount['type'];
    const source = isObject(entry) && typeof entry.source === 'string' ? entry.source : '';
    return {
      type,
      source: type === 'bind' ? posix.normalize(source) : source,
      target: String(at(entry, 'target')),
      readOnly: isObject(entry) && entry.read_only === true,
    };
  });
  const tmpfs = svc.tmpfs === undefined ? [] : [svc.tmpfs].flat();
  return [
    ...fromVolumes,
    ...tmpfs.map((t): Mount => ({ type: 'tmpfs', source: '', target: String(t), readOnly: false })),
  ];
}

/** The repository path a file seen at `containerPath` comes from, through the service's bind mounts. */
export function hostPathOf(svc: Json, containerPath: string): string | undefined {
  const candidates = mounts(svc)
    .filter((m) => m.type === 'bind')
    .filter((m) => containerPath === m.target || containerPath.startsWith(`${m.target}/`))
    .sort((a, b) => b.target.length - a.target.length);
  const mount = candidates[0];
  if (mount === undefined) return undefined;
  return posix.join(mount.source, containerPath.slice(mount.target.length));
}

/** `[host:]hostPort:containerPort[/proto]` or the long syntax, as container ports. */
export function containerPorts(svc: Json): number[] {
  const ports = svc.ports === undefined ? [] : list(svc.ports, 'ports');
  return ports.map((port) => {
    if (isObject(port)) return Number(at(port, 'target'));
    const text = String(port).replace(/\/(tcp|udp)$/, '');
    return Number(text.slice(text.lastIndexOf(':') + 1));
  });
}

export function environment(svc: Json): Record<string, string> {
  const env = svc.environment;
  if (env === undefined) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const [name = '', ...value] = String(entry).split('=');
        return [name, value.join('=')];
      }),
    );
  }
  if (!isObject(env)) throw new Error('environment is neither a list nor a mapping');
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}
