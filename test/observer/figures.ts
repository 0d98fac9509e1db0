// The live figures the page shows: rates from one set of figures to the next, a logical link's
// figures summed from what its receiving sockets counted of its sending sockets, and a link that
// is `dropping` while its losses grow and for kDroppingMs after.
import t from 'tap'
import { FigureBoard, kDroppingMs } from '../../src/observer/figures.js'
import type { ActorStats, Stats } from '../../src/runtime/types.js'
import { planOf } from '../../src/spawn.js'
import { fixture } from '../fixtures/topology.js'

const line = (over: Partial<ActorStats>): ActorStats => ({ kind: 'subscriber', state: 'running', pid: 1, threadId: 1, restarts: 0, sent: 0, received: 0, errors: 0, bytesSent: 0, bytesReceived: 0, busy: 0.5, ...over })
const peer = (received: number, dropped: number, lagMs = 1): { received: number, dropped: number, lagMs: number, peakLagMs: number } => ({ received, dropped, lagMs, peakLagMs: lagMs })

t.test('rates, link sums and the dropping flag', async t => {
  const plan = await planOf({ name: 'f', actors: { pub: { kind: 'publisher', bind: ['news'], source: fixture('js/count-source.js') }, s1: { kind: 'subscriber', connect: ['news'] }, s2: { kind: 'subscriber', connect: ['news'] } } })
  const board = new FigureBoard(plan)
  const stats = (at: number, sent: number, s1: [number, number], s2: [number, number]): Stats => ({
    topology: 'f',
    elapsedMs: at,
    actors: {
      pub: line({ kind: 'publisher', sent }),
      s1: line({ received: s1[0], links: { sub: { 'pub.pub': peer(...s1, 3) } } }),
      s2: line({ received: s2[0], links: { sub: { 'pub.pub': peer(...s2, 7) } } }),
    },
  })
  const t0 = 1_000_000
  const first = board.next(stats(1000, 100, [50, 0], [40, 0]), [], t0)
  t.same(first.links.news, { received: 90, rate: 0, dropped: 0, lagMs: 7, dropping: false }, 'summed over both subscribers; the worst lag')
  t.equal(first.actors.pub!.outRate, 0, 'no rate before a second set')
  const second = board.next(stats(1500, 600, [300, 5], [290, 0]), [], t0 + 500)
  t.equal(second.actors.pub!.outRate, 1000, '500 messages in 0.5 s')
  t.same(second.links.news, { received: 590, rate: 1000, dropped: 5, lagMs: 7, dropping: true }, 'drops grew: dropping')
  t.equal(second.actors.s1!.dropped, 5)
  t.equal(second.actors.pub!.dropped, null, 'nothing measured at a sender')
  t.equal(board.next(stats(2000, 700, [350, 5], [340, 0]), [], t0 + 1000).links.news!.dropping, true, 'still red just after')
  t.equal(board.next(stats(2000 + kDroppingMs, 800, [400, 5], [390, 0]), [], t0 + 500 + kDroppingMs).links.news!.dropping, false, `back to normal ${kDroppingMs} ms after the last loss`)
})
