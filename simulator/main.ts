#!/usr/bin/env node
// `npm run simulate -- [flags]`: the simulator alone, in the foreground, until SIGINT/SIGTERM.

import { runSimulateCommand } from './cli.js';

await runSimulateCommand(process.argv.slice(2));
