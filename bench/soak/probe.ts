import { readdirSync, readFileSync } from 'node:fs'

/** What one process holds, from /proc (Linux): resident memory, open descriptors, threads. */
export interface ProcessSample { pid: number, rssMB: number, fds: number, threads: number }

/** Samples a process; undefined when it is gone (or /proc has no such entry). */
export function sampleProcess (pid: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN)
    return { pid, rssMB: field('VmRSS') / 1024, fds: readdirSync(`/proc/${pid}/fd`).length, threads: field('Threads') }
  } catch {
    return undefined
  }
}
