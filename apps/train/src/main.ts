#!/usr/bin/env node
import './preload.js';
import { runProgram } from './cli/program.js';

// `apemen jets big.hepmc | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runProgram(process.argv.slice(2));
