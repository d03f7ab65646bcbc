// Shared by the main config file and the web config file, so both read YAML and file failures alike.

/** A YAML mapping as parsed: a plain object, not a list and not null. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The kind of a wrong value, never the value: it may be a secret pasted into the wrong place. */
export function describeKind(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string' && value.trim() === '') return 'an empty string';
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  return `a ${typeof value}`;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a parent is not a directory',
};

/** The error code of a failed read; only the code, as a reader's message could quote file contents. */
export function readErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a read failed, in words, from the error code only. */
export function readFailure(error: unknown): string {
  const code = readErrorCode(error);
  if (code === undefined) return 'unreadable';
  return REASONS[code] ?? code;
}
