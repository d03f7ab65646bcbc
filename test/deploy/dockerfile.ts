// A Dockerfile read as its instructions: continuation lines joined, comments dropped, grouped by stage.

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: readonly Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === undefined && (line === '' || line.startsWith('#'))) return;
    const joined = pending === undefined ? line : `${pending.text} ${line}`;
    const start = pending?.line ?? index + 1;
    if (joined.endsWith('\\')) {
      pending = { text: joined.slice(0, -1).trim(), line: start };
      return;
    }
    pending = undefined;
    const match = /^(\S+)\s*(.*)$/.exec(joined);
    if (match === null) return;
    instructions.push({ keyword: (match[1] ?? '').toUpperCase(), args: match[2] ?? '', line: start });
  });
  const stages: { from: string; name?: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      stages.push({
        from: image,
        ...(as?.toUpperCase() === 'AS' && name !== undefined ? { name } : {}),
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The words of an exec-form (JSON array) instruction such as ENTRYPOINT or HEALTHCHECK's CMD. */
export function execForm(args: string): string[] {
  const start = args.indexOf('[');
  if (start < 0) throw new Error(`not in exec form: ${args}`);
  const parsed: unknown = JSON.parse(args.slice(start));
  if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string')) {
    throw new Error(`not a list of strings: ${args}`);
  }
  return parsed;
}

/** `ENV A=1 B=2` (and the legacy `ENV A 1`) as name/value pairs. */
export function envPairs(args: string): [string, string][] {
  if (!args.includes('=')) {
    const [name = '', ...rest] = args.split(/\s+/);
    return [[name, rest.join(' ')]];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)].map((m) => [
    m[1] ?? '',
    (m[2] ?? '').replace(/^"(.*)"$/, '$1'),
  ]);
}
