/**
 * `worker`: a pipeline stage. PULL a task from `input`, run the handler, PUSH its result (if any)
 * to `output`.
 * @example
 * { "kind": "worker", "input": { "connect": "tasks" }, "output": { "connect": "results" }, "handler": "./square.js" }
 */
import { defineActor, type BuiltinSocketSpec, type FieldSpec, type Handler, type Message } from '../src/actor.js'
import { isPromise, receiveOrEnd } from './handling-receiver.js'

/** Fields of a `worker` actor. */
export interface WorkerOptions {
  /** module whose default export is a {@link Handler}: task frames → result (or nothing) */
  handler: string
  /** the PULL side: `{ bind?, connect? }` plus socket options */
  input: { bind?: string[], connect?: string[] }
  /** the PUSH side for results; without it results are dropped */
  output?: { bind?: string[], connect?: string[] }
}

export const sockets = {
  input: { type: 'pull', from: 'input' },
  output: { type: 'push', from: 'output' },
} as const satisfies Record<string, BuiltinSocketSpec>
export const fields = {
  handler: { type: 'module', required: true, doc: 'module whose default export is a Handler: task frames → result (or nothing)' },
  input: { type: 'side', required: true, doc: 'the PULL side: { bind?, connect? } plus socket options' },
  output: { type: 'side', doc: 'the PUSH side for results; without it results are dropped' },
} as const satisfies Record<keyof WorkerOptions, FieldSpec>

/**
 * Results go out in groups of at most this many (sendMany): one promise per group, not per result,
 * and a slow handler's results still leave every few tasks instead of at the end of a batch of 1024.
 */
const kResultGroup = 16

export default defineActor<{ input: 'pull', output: 'push' }, Handler, WorkerOptions>({
  async init (ctx) {
    return await ctx.load<Handler>('handler')
  },
  async run (ctx, handler) {
    const { input, output } = ctx.sockets
    for (;;) {
      const tasks = await receiveOrEnd(input)
      if (tasks === undefined) return
      let results: Message[] = []
      for (const task of tasks) {
        let result = handler(task, ctx)
        if (isPromise(result)) result = await result
        if (result === undefined || output === undefined) continue
        results.push(result)
        if (results.length >= kResultGroup) {
          await output.sendMany(results)
          results = []
        }
      }
      if (results.length > 0) await output.sendMany(results)
    }
  },
})
