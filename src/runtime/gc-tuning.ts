import { setFlagsFromString } from 'node:v8'

/**
 * H38 in docs/hazards.md. Since V8 13.6 (Node 24) a thread that allocates many short-lived
 * ArrayBuffers of tens of KiB reclaims them with full mark-compact collections instead of
 * scavenges: the young generation grew to 32 MB, which moved the scavenge that young ArrayBuffer
 * bytes trigger (at twice the semi-space) above the 64 MB of external memory that starts
 * incremental marking (nodejs/node#61967, #63863). Every frame received in a zeroactor process
 * is such a Buffer (a copy: H2), so at 64 KiB over inproc a receiver ran at half the rate it has
 * on Node 22 (bench/README.md). V8's flag `--external-memory-accounted-in-global-limit` counts
 * that memory in the heap's global limit instead, and the buffers are reclaimed young again.
 */
export const kExternalMemoryFlag = 'external-memory-accounted-in-global-limit'

/**
 * The flag to set in a process whose V8 is `v8Version`, started with `execArgv`: undefined where
 * that V8 does not have the regression, or the process was started with the flag either way
 * (`--no-external-memory-accounted-in-global-limit` is how a user keeps V8's default).
 *
 * The regression is in V8 13.6 and later 13s (Node 24); older ones have no such flag. Node 26's V8
 * (14.6) reclaims the same buffers young by itself (a sink of 16 000 messages of 64 KiB: 24–25
 * scavenges, no full collection), and with the flag it made 9–10 full collections instead.
 */
export function gcFlagFor (v8Version: string, execArgv: readonly string[]): string | undefined {
  const [major, minor = 0] = v8Version.split('.').map(Number)
  if (major !== 13 || minor < 6) return undefined
  const named = (arg: string): boolean => arg.replace(/_/g, '-').replace(/^--(no-?)?/, '') === kExternalMemoryFlag
  if (execArgv.some(named)) return undefined
  return `--${kExternalMemoryFlag}`
}

let tuned = false

/**
 * Sets the flag for the whole process (V8 flags are per process, and Node leaves them writable
 * after start), once, before its first actor thread starts: runtime/pool.ts calls it.
 */
export function tuneGc (): void {
  if (tuned) return
  tuned = true
  const flag = gcFlagFor(process.versions.v8, process.execArgv)
  if (flag !== undefined) setFlagsFromString(flag)
}
