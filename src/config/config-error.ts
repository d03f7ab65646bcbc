import { ExporterError } from '../errors.js';
import { maskKeyLike } from '../secrets/redact.js';

/**
 * A configuration problem the operator has to fix. `option` names where the bad value came from
 * (`--poll.window`, `OPENAI_EXPORTER_POLL_WINDOW`, or a config file path such as
 * `categories.images.group_by[1]`) so the message can be acted on without reading code.
 */
export class ConfigError extends ExporterError {
  override readonly name: string = 'ConfigError';

  constructor(
    readonly option: string,
    readonly problem: string,
    /** The config file the value came from, when it came from one. */
    readonly file?: string,
  ) {
    // An empty `option` means the file as a whole is at fault.
    super(
      [file, option === '' ? undefined : option, problem].filter((part) => part !== undefined).join(': '),
    );
  }
}

/**
 * Quotes a user-supplied value for an error message: cut short so a pasted blob cannot flood the log,
 * and with anything shaped like an API key masked.
 */
export function quote(value: unknown): string {
  const raw = typeof value === 'string' ? value : String(JSON.stringify(value));
  // Defence in depth: a key pasted into the wrong place must not reach a log through an error message.
  const masked = maskKeyLike(raw);
  const shown = masked.length > 60 ? `${masked.slice(0, 57)}...` : masked;
  return typeof value === 'string' ? JSON.stringify(shown) : shown;
}
