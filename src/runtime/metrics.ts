import { createServer, type Server } from 'node:http'
import type { Registry } from 'prom-client'
import { lazyRequire } from '../deps.js'
import type { ActorStats, App } from './app.js'

const states = ['starting', 'running', 'restarting', 'stopped', 'failed'] as const

/** The counters of {@link ActorStats} exported as Prometheus counters: metric name → field. */
const counters: Array<[name: string, help: string, field: keyof ActorStats]> = [
  ['zeroactor_messages_sent_total', 'Messages sent by the actor (all sockets)', 'sent'],
  ['zeroactor_messages_received_total', 'Messages received by the actor (all sockets)', 'received'],
  ['zeroactor_bytes_sent_total', 'Bytes sent by the actor', 'bytesSent'],
  ['zeroactor_bytes_received_total', 'Bytes received by the actor', 'bytesReceived'],
  ['zeroactor_errors_total', 'Errors of the actor (failures, refused sends)', 'errors'],
  ['zeroactor_restarts_total', 'Restarts of the actor', 'restarts'],
]

/**
 * A Prometheus registry for a running app (prom-client): per actor, its counters and a state gauge
 * (1 for the current state), labelled `topology`, `actor`, `kind`. Values are read from
 * `app.stats()` at each scrape: nothing runs between scrapes.
 */
export function metricsRegistry (app: App): Registry {
  const { Counter, Gauge, Registry } = lazyRequire('prom-client') as typeof import('prom-client')
  const registry = new Registry()
  const labelNames = ['topology', 'actor', 'kind'] as const
  const each = (fn: (labels: Record<(typeof labelNames)[number], string>, s: ActorStats) => void): void => {
    const stats = app.stats()
    for (const [actor, s] of Object.entries(stats.actors)) fn({ topology: stats.topology, actor, kind: s.kind }, s)
  }
  for (const [name, help, field] of counters) {
    // eslint-disable-next-line no-new
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect () {
        this.reset()
        each((labels, s) => this.inc(labels, s[field] as number))
      },
    })
  }
  // eslint-disable-next-line no-new
  new Gauge({
    name: 'zeroactor_actor_state',
    help: 'The actor\'s state: 1 for the current one, 0 for the others',
    labelNames: [...labelNames, 'state'],
    registers: [registry],
    collect () {
      this.reset()
      each((labels, s) => { for (const state of states) this.set({ ...labels, state }, s.state === state ? 1 : 0) })
    },
  })
  // eslint-disable-next-line no-new
  new Gauge({
    name: 'zeroactor_actor_busy_ratio',
    help: 'Share of the last second the actor\'s thread was running (event-loop utilisation, 0 to 1); absent while it has no running thread',
    labelNames,
    registers: [registry],
    collect () {
      this.reset()
      each((labels, s) => { if (s.busy !== null) this.set(labels, s.busy) })
    },
  })
  // per internal link, as the receiving socket sees each peer
  const linkLabels = [...labelNames, 'socket', 'peer'] as const
  const eachPeer = (fn: (labels: Record<(typeof linkLabels)[number], string>, p: NonNullable<ActorStats['links']>[string][string]) => void): void => {
    each((labels, s) => {
      for (const [socket, peers] of Object.entries(s.links ?? {})) for (const [peer, p] of Object.entries(peers)) fn({ ...labels, socket, peer }, p)
    })
  }
  // eslint-disable-next-line no-new
  new Counter({
    name: 'zeroactor_link_dropped_total',
    help: 'Messages of the peer that never arrived (sequence gaps: a PUB dropped them at its high-water mark)',
    labelNames: linkLabels,
    registers: [registry],
    collect () {
      this.reset()
      eachPeer((labels, p) => this.inc(labels, p.dropped))
    },
  })
  // eslint-disable-next-line no-new
  new Gauge({
    name: 'zeroactor_link_lag_ms',
    help: 'Time from the peer sending the last message to the actor receiving it, ms',
    labelNames: linkLabels,
    registers: [registry],
    collect () {
      this.reset()
      eachPeer((labels, p) => this.set(labels, p.lagMs))
    },
  })
  return registry
}

/**
 * Serves `GET /metrics` for the app on `host:port` (default 127.0.0.1: metrics stay on the
 * machine unless you say otherwise). Resolves with the listening server; close it when done.
 */
export async function serveMetrics (app: App, port: number, host = '127.0.0.1'): Promise<Server> {
  const registry = metricsRegistry(app)
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n')
      return
    }
    registry.metrics().then(
      text => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => { server.off('error', reject); resolve() })
  })
  return server
}
