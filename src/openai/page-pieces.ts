// The pieces the page scanner bounds: each is checked for the keys in use, then given to JSON.parse.

import { ExporterError } from '../errors.js';
import { containsSecret } from './redact.js';

/** The text is not JSON (or ends early); the client wraps it in a MalformedPageError. */
export class PageSyntaxError extends ExporterError {
  override readonly name = 'PageSyntaxError';
}

/** The answer carries one of the keys in use; nothing holding it is handed out. */
export class PageSecretError extends ExporterError {
  override readonly name = 'PageSecretError';
}

/** JSON.parse of one bounded piece; `at` is where it starts in the whole text. */
export function parsePiece(piece: string, at: number): unknown {
  try {
    return JSON.parse(piece);
  } catch {
    throw new PageSyntaxError(`body is not valid JSON (at character ${at})`);
  }
}

/** A piece holding a key in use (also behind JSON escapes) is refused before anything reads it. */
export function refuseSecret(piece: string, secrets: readonly string[]): void {
  for (let i = 0; i < secrets.length; i++) {
    const secret = secrets[i] as string;
    if (secret !== '' && piece.includes(secret))
      throw new PageSecretError('the answer contains the admin key');
  }
  if (secrets.length > 0 && piece.includes('\\') && containsSecret(piece, secrets)) {
    throw new PageSecretError('the answer contains the admin key');
  }
}
