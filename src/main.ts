#!/usr/bin/env node
// Entry point: `openai-usage-exporter [flags]` runs the exporter,
// `openai-usage-exporter simulate [flags]` runs the upstream simulator in the foreground.

const [command, ...rest] = process.argv.slice(2);

if (command === 'simulate') {
  // The simulator lives outside src/ and the product never imports it statically: this computed
  // path resolves the same from src/ (tsx) and dist/src/ (the build).
  const cli = new URL('../simulator/cli.js', import.meta.url).href;
  const { runSimulateCommand } = (await import(cli)) as { runSimulateCommand(argv: string[]): Promise<void> };
  await runSimulateCommand(rest);
} else {
  const { runExporterCommand } = await import('./exporter/cli.js');
  await runExporterCommand(process.argv.slice(2));
}
