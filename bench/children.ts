// Starting the benchmark's child processes: compiled JavaScript (see compile.ts), reports over IPC,
// and a clean error (not a hang) when a child dies, e.g. of an exhausted heap.

import { type ChildProcess, spawn } from 'node:child_process';
import { compiled } from './compile.js';
import type { LoadFigure, LoadOptions, RunnerMessage, TargetMessage } from './protocol.js';

const ROOT = new URL('../', import.meta.url).pathname;

export class ChildFailedError extends Error {
  override readonly name = 'ChildFailedError';
}

export interface Target<R> {
  readonly report: R;
  send(message: RunnerMessage): void;
  next(type: TargetMessage['type']): Promise<TargetMessage>;
  stop(): Promise<void>;
}

export async function startTarget<R>(
  script: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): Promise<Target<R>> {
  const child = spawn(process.execPath, [...nodeFlags, compiled(script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
  });
  const next = (type: TargetMessage['type']) => nextMessage(child, type, exited);
  const ready = await next('ready');
  if (ready.type !== 'ready') throw new ChildFailedError('unexpected message');
  return {
    report: ready.report as R,
    send: (message) => child.send(message),
    next,
    stop: async () => {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function nextMessage(child: ChildProcess, type: TargetMessage['type'], exited: Promise<string>) {
  return new Promise<TargetMessage>((resolve, reject) => {
    const onMessage = (message: TargetMessage) => {
      if (message.type === 'failed') {
        child.off('message', onMessage);
        reject(new ChildFailedError(message.error));
      } else if (message.type === type) {
        child.off('message', onMessage);
        resolve(message);
      }
    };
    child.on('message', onMessage);
    void exited.then((how) => {
      child.off('message', onMessage);
      reject(new ChildFailedError(`the child process ended (${how}) before reporting`));
    });
  });
}

/** Runs the load generator in its own process and returns its figures. */
export function runLoadGenerator(options: LoadOptions): Promise<LoadFigure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiled('bench/load-generator.ts'), JSON.stringify(options)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new ChildFailedError(`the load generator exited with ${code}`);
        resolve(JSON.parse(output) as LoadFigure);
      } catch (error) {
        reject(error);
      }
    });
  });
}
