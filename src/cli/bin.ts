#!/usr/bin/env node
import { main } from './main.js'

/**
 * The CLI always exits after its summary. An actor thread stuck in a CPU loop cannot be ended
 * safely (H1 in docs/hazards.md) and keeps the process alive; the run has already stopped
 * everything else, reported the stop-timeout and chosen its exit code, so the process exits
 * after this grace (an unref'd timer: a process with nothing stuck exits before it fires), which
 * ends it with SIGKILL and a line that says why (runtime/stuck-threads.ts).
 */
const kExitGraceMs = 2000

process.exitCode = await main(process.argv.slice(2))
setTimeout(() => { process.exit() }, kExitGraceMs).unref()
