import { threadId } from 'node:worker_threads'
import { createContext, type ActorContext } from '../actor/context.js'
import type { ActorDefinition, SocketTypes } from '../actor/define-actor.js'
import { facadeOf, type ActorSocket } from '../actor/socket.js'
import { SocketCore } from '../actor/socket/core.js'
import { Counter } from '../counters.js'
import { receiveCopies, receivedFramesAreCopies } from '../receive-copy.js'
import { hostOpens, markClosed } from './close-flag.js'
import { ActorCrashError, serializeError, ZeroActorError } from '../errors.js'
import { crossesProcesses, kTokenPrefix } from '../plan/types.js'
import { closeWait, kStopGrace, settle, Tail } from './tail.js'
import { loadDefinition, socketTypesOf } from './definition.js'
import type { FromActor, HostResult, HostTask, ToActor } from './protocol.js'

/** How long the close path waits for zeromq to take the batches of internal links (see run()). */
const kFlushOnStop = 10

/**
 * Hosts one actor, from its sockets to its end. Every exit path (run returns, run throws, $TERM,
 * an uncaught error reported through {@link ActorHost.fail}) goes through the one close path,
 * `#close`: signal aborted, every socket closed, run() awaited (bounded). Only then does the task
 * return, so the thread never ends with zeromq work in flight (H1 in docs/hazards.md); the close
 * flag says so to the main thread, whatever happened (H34).
 */
export class ActorHost {
  readonly #task: HostTask
  readonly #abort = new AbortController()
  readonly #sockets: SocketCore[] = []
  /** what a finished actor waits for so that its consumers in other processes get its whole stream */
  readonly #tail: Tail
  #failure: ((error: Error) => void) | undefined

  constructor (task: HostTask) {
    this.#task = task
    this.#tail = new Tail(task, this.#sockets)
  }

  /** Fails the actor from outside its code path (uncaught exception, process.exit in the thread). */
  fail (error: Error): void {
    this.#failure?.(error)
  }

  async run (): Promise<HostResult> {
    const { port, counters, plan, closeFlag } = this.#task
    if (!hostOpens(closeFlag)) { port.close(); return { outcome: 'stopped', ready: false } } // the process is exiting
    const post = (msg: FromActor): void => { try { port.postMessage(msg) } catch { /* closed: the actor has ended */ } }
    let term!: () => void
    const terminated = new Promise<'term'>(resolve => { term = () => resolve('term') })
    const failure = new Promise<never>((_resolve, reject) => { this.#failure = reject })
    failure.catch(() => {})
    port.on('message', (msg: ToActor) => {
      if (msg.type === 'term') term()
      else for (const socket of this.#sockets) for (const endpoint of msg.endpoints) socket.reconnect(endpoint)
    })

    let ready = false
    let running: Promise<unknown> | undefined
    const starting = this.#start(post)
    try {
      const started = await Promise.race([starting, terminated, failure])
      if (started === 'term') return { outcome: 'stopped', ready }
      const { definition, ctx, state } = started
      const endpoints = Object.fromEntries(this.#sockets.map(socket => [socket.name, [...socket.boundEndpoints]]))
      // the readiness barrier: subscribers announce themselves last, publishers report when
      // every topology subscriber is live (their sends wait for it on their own)
      for (const socket of this.#sockets) socket.announce()
      const types = Object.fromEntries(this.#sockets.map(socket => [socket.name, socket.type]))
      post({ type: 'ready', threadId, pid: process.pid, endpoints, types })
      ready = true
      void Promise.all(this.#sockets.map(async s => await s.barrier)).then(all => {
        const missing = all.flat()
        if (missing.length > 0) post({ type: 'log', text: `readiness: no subscription yet from ${missing.map(describeToken).join(', ')} after ${Object.values(plan.sockets)[0]?.ready?.timeout} ms; sending anyway` })
        post({ type: 'barrier', missing })
      })
      // an actor has finished when what it sent is handed to zeromq (internal links batch)
      running = Promise.resolve().then(() => definition.run(ctx, state)).then(async () => await this.#flush())
      const how = await Promise.race([running.then(() => 'finished' as const), terminated, failure])
      if (how === 'finished' && this.#tail.holds) {
        // H37, H35: consumers on other nodes have the whole stream once they have left, or acknowledged its end
        const held = Promise.race([terminated, failure])
        await this.#tail.deliver(post, held)
        post({ type: 'finished' })
        // H30: the tail of a finite stream over ipc/tcp is delivered only while the link stays up
        await this.#tail.hold(held, failure)
      }
      return { outcome: how === 'term' ? 'stopped' : 'finished', ready }
    } catch (error) {
      // only errors before $TERM land here: once it arrived the race above has returned, and
      // what run() throws as its sockets close is ignored below
      counters[Counter.errors]!++
      return { outcome: 'failed', error: serializeError(error), ready }
    } finally {
      try {
        await this.#close(starting, running)
      } finally {
        markClosed(closeFlag)
      }
    }
  }

  /** The one close path (see the class comment); `starting` and `running` are awaited, bounded. */
  async #close (starting: Promise<unknown>, running: Promise<unknown> | undefined): Promise<void> {
    this.#abort.abort()
    // the batch an internal link still holds, then an end of stream, go to zeromq before the
    // close if zeromq takes them at once (the linger then delivers them like any queued message);
    // one held back by the high-water mark is dropped, as a send still pending at close always was
    await settle(this.#tail.endOfStream(), kFlushOnStop)
    for (const socket of this.#sockets) socket.close()
    this.#tail.closed()
    await settle(starting, kStopGrace)
    for (const socket of this.#sockets) socket.close() // in case start() was still opening one
    if (running !== undefined) await settle(running, kStopGrace)
    // every monitor reader ends once libzmq has destroyed its socket, which waits for the
    // socket's linger: wait that long, then end any reader still pending (H1: no receive may be
    // pending when the thread ends; an observer is never closed before that, see ActorSocket.close)
    await settle(Promise.all(this.#sockets.map(async s => await s.drained)), closeWait(this.#sockets) + kStopGrace)
    for (const socket of this.#sockets) socket.monitor.end()
    this.#failure = undefined
    if (!receivedFramesAreCopies) await releaseReceivedMemory()
    this.#task.port.close()
  }

  async #flush (): Promise<void> {
    await Promise.all(this.#sockets.map(async s => { await s.flush() }))
  }

  /** Loads the definition, creates, binds and connects every socket, runs init. */
  async #start (post: (msg: FromActor) => void): Promise<{ definition: ActorDefinition<SocketTypes, unknown>, ctx: ActorContext, state: unknown }> {
    const { plan, counters } = this.#task
    const definition = await loadDefinition(plan.name, plan.module)
    await receiveCopies() // whether the sockets must copy what they receive over inproc themselves (H2)
    const sockets: Record<string, ActorSocket> = {}
    for (const [name, type] of Object.entries(socketTypesOf(plan.name, definition, plan.sockets))) {
      if (this.#abort.signal.aborted) break
      const socket = new SocketCore(name, { ...plan.sockets[name]!, type }, counters, {
        lagging: (socket, peer, lagMs) => post({ type: 'lagging', socket, peer, lagMs }),
        log: text => post({ type: 'log', text }),
      })
      this.#sockets.push(socket)
      sockets[name] = facadeOf(socket)
    }
    this.#tail.countFarConsumers()
    for (const socket of this.#sockets) {
      if (crossesProcesses(socket)) {
        socket.monitor.watch((event, native) => {
          if (event.type === 'connect' || event.type === 'accept' || event.type === 'disconnect') {
            // counted first: whoever gets the event reads the counters as they are after it
            this.#tail.connection(socket.name, event.type, native, event.address)
            post({ type: 'peer', socket: socket.name, up: event.type !== 'disconnect', address: event.address })
          }
        })
      }
      await socket.open()
    }
    const ctx = createContext({
      name: plan.name,
      params: plan.params,
      config: plan.config,
      sockets,
      signal: this.#abort.signal,
      counters,
      log: text => post({ type: 'log', text }),
    })
    const state = await definition.init?.(ctx)
    return { definition, ctx, state }
  }
}

/** `\0za-ready/actor/socket` → `actor.socket` */
function describeToken (token: string): string {
  return token.slice(kTokenPrefix.length).replace('/', '.')
}

/**
 * H2, where received frames are not copies (receive-copy.ts could not arrange it: something in the
 * process received a frame first). A frame over 128 bytes received over inproc is then a Buffer
 * over the *sender's* memory; when it is collected, zeromq.js hands the memory back to the sender
 * thread's zeromq module. If that happens at exit after the sender thread is gone, the heap is
 * corrupted. The socket copies such frames at once, leaving the original as garbage; a full GC
 * here, while every actor thread is still alive, finalizes that garbage before any thread can end.
 */
async function releaseReceivedMemory (): Promise<void> {
  exposedGc()()
  // finalizers of external memory may be deferred to the next turns of the loop
  await new Promise(resolve => setImmediate(resolve))
  await new Promise(resolve => setImmediate(resolve))
}

/**
 * The `gc` function, made on first use: exposing it sets a V8 flag for the whole process and makes a V8
 * context, which costs every actor thread start-up time and memory when done at load.
 */
let gc: (() => void) | undefined
function exposedGc (): () => void {
  if (gc === undefined) {
    process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc')
    gc = process.getBuiltinModule('node:vm').runInNewContext('gc') as () => void
  }
  return gc
}

/** Turns whatever was thrown at the thread level into the actor's failure. */
export function crashError (reason: unknown): Error {
  return reason instanceof ZeroActorError ? reason : new ActorCrashError(`uncaught in actor: ${(reason as Error)?.message ?? String(reason)}`, { cause: reason })
}
