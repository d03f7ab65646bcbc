// Measurement aid for issue 17: the longest event-loop gap while N tasks run paced work side by
// side (as 20 organizations' polls do), each step ~50 µs of busy work. Usage: tsx bench/paced-fanout.ts
import { DEFAULT_PACING, finishPaced } from '../src/domain/pacing.js';

function* busySteps(totalMs: number): Generator<void, void> {
  const end = performance.now() + totalMs;
  while (performance.now() < end) {
    const stepEnd = performance.now() + 0.05;
    while (performance.now() < stepEnd) {}
    yield;
  }
}

async function maxGap(tasks: number): Promise<{ max: number; p50: number }> {
  const gaps: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 1);
  // Each task's total work is the same CPU time, so only the fan-out differs.
  await Promise.all(Array.from({ length: tasks }, () => finishPaced(busySteps(400 / tasks), DEFAULT_PACING)));
  clearInterval(ticker);
  gaps.sort((a, b) => a - b);
  return { max: gaps.at(-1) ?? 0, p50: gaps[Math.floor(gaps.length / 2)] ?? 0 };
}

for (const tasks of [1, 2, 5, 10, 20]) {
  const { max, p50 } = await maxGap(tasks);
  process.stdout.write(`tasks=${tasks} loop gap p50=${p50.toFixed(1)} ms max=${max.toFixed(1)} ms\n`);
}
