// pino, with one guarantee on top: the admin key cannot reach the log output, whatever logs it
// (an upstream error echoing a header, a stack trace, a config dump). Every line is scrubbed at
// the stream, the last point before it leaves the process.

import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';
import { PinoPretty } from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config/config.js';
import { REDACTED, scrubSecrets } from '../secrets/redact.js';

export { scrubSecrets };

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  /** Read at every line: a key pushed later (a rotated key file) is scrubbed from then on. */
  readonly secrets: readonly string[];
  readonly destination?: NodeJS.WritableStream;
  readonly isTty?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  // Logs go to stderr, as exporters' logs conventionally do, leaving stdout to `--once` output.
  const destination = options.destination ?? process.stderr;
  const scrubber = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      destination.write(scrubSecrets(chunk.toString(), options.secrets));
      callback();
    },
  });
  const pretty =
    options.format === 'pretty' || (options.format === 'auto' && (options.isTty ?? process.stderr.isTTY));
  const stream = pretty
    ? PinoPretty({ destination: scrubber, colorize: options.isTty ?? process.stderr.isTTY, sync: true })
    : scrubber;
  return pino(
    {
      level: options.level,
      base: { name: 'openai-usage-exporter' },
      redact: {
        paths: ['adminKey', '*.adminKey', 'authorization', '*.authorization', 'headers.authorization'],
        censor: REDACTED,
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
