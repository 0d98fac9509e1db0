/**
 * `worker`: a pipeline stage. PULL a task from `input`, run the handler, PUSH its result (if any)
 * to `output`.
 * @example
 * { "kind": "worker", "input": { "connect": "tasks" }, "output": { "connect": "results" }, "handler": "./square.js" }
 */
import { defineActor, type BuiltinSocketSpec, type FieldSpec, type Handler } from '../src/actor.js'

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

export default defineActor<{ input: 'pull', output: 'push' }, Handler, WorkerOptions>({
  async init (ctx) {
    return await ctx.load<Handler>('handler')
  },
  async run (ctx, handler) {
    const { input, output } = ctx.sockets
    for await (const task of input) {
      const result = await handler(task, ctx)
      if (result !== undefined && output !== undefined) await output.send(result)
    }
  },
})
