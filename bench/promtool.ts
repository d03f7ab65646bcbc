// `promtool check metrics` on the body the exporter serves: Prometheus's own parser and linter.

import { spawn } from 'node:child_process';

export interface PromtoolFigure {
  readonly ok: boolean;
  readonly bytes: number;
  /** promtool's findings (lint problems or parse errors), empty when clean. */
  readonly output: string;
}

export async function checkWithPromtool(
  url: string,
  promtool = '/usr/bin/promtool',
): Promise<PromtoolFigure> {
  const body = Buffer.from(
    await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer(),
  );
  return new Promise((resolve) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error) => resolve({ ok: false, bytes: body.length, output: error.message }));
    child.on('close', (code) =>
      resolve({ ok: code === 0 && output.trim() === '', bytes: body.length, output: output.trim() }),
    );
    child.stdin.end(body);
  });
}
