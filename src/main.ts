#!/usr/bin/env node
// Entry point: `openai-usage-exporter [flags]` runs the exporter,
// `openai-usage-exporter simulate [flags]` runs the upstream simulator in the foreground.

const [command, ...rest] = process.argv.slice(2);

if (command === 'simulate') {
  const { runSimulateCommand } = await import('./simulator/cli.js');
  await runSimulateCommand(rest);
} else {
  const { runExporterCommand } = await import('./exporter/cli.js');
  await runExporterCommand(process.argv.slice(2));
}
