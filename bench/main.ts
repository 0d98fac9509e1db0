#!/usr/bin/env node
// `npm run bench`: the benchmark's own entry (zeroactor bench runs the same from a clone).
import { bench } from './cli.js'

process.exitCode = await bench(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })
