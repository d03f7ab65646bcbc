// The exporter's web endpoints. /metrics only copies the exposition prepared after the last
// poll: a scrape never waits on OpenAI and never renders.

import express, { type Express, type Request, type Response } from 'express';
import { type LandingStatus, renderLandingPage } from './landing-page.js';

export interface ExpositionSource {
  readonly gzip: Buffer;
  /** The text, for the rare scraper that does not take gzip; may be inflated on demand. */
  plainBody(): Promise<Buffer>;
}

export interface AppOptions {
  readonly telemetryPath: string;
  readonly exposition: ExpositionSource;
  readonly isReady: () => boolean;
  /** What readiness still waits for, e.g. `costs 1d`, listed in the 503 body. */
  readonly pending?: () => readonly string[];
  readonly landing: () => LandingStatus;
}

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get(options.telemetryPath, async (req: Request, res: Response) => {
    res.setHeader('Content-Type', CONTENT_TYPE);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'no-store');
    if (acceptsGzip(req)) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(options.exposition.gzip);
    } else {
      res.end(await options.exposition.plainBody());
    }
  });
  app.get('/-/healthy', (_req, res) => {
    res.type('text/plain').send('OK\n');
  });
  app.get('/-/ready', (_req, res) => {
    const ready = options.isReady();
    const pending = ready ? [] : (options.pending?.() ?? []);
    const waitingFor =
      pending.length === 0
        ? 'some categories have not finished their first poll'
        : `waiting for the first poll of ${pending.join(', ')}`;
    res
      .status(ready ? 200 : 503)
      .type('text/plain')
      .send(ready ? 'Ready\n' : `Not ready: ${waitingFor}\n`);
  });
  app.get('/', (_req, res) => {
    res.type('html').send(renderLandingPage(options.landing(), options.telemetryPath));
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found\n');
  });
  return app;
}

/** Negotiated by express (RFC 9110 q-values): gzip only when the client names it, or `*`, with q > 0. */
export function acceptsGzip(req: Request): boolean {
  return req.acceptsEncodings('gzip') === 'gzip';
}
