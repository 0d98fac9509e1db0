// The count at stop (src/runtime/link-ends.ts): what a publisher sent after the last message a
// subscriber had from it is dropped, for the same sender incarnation only.
import t from 'tap'
import { countAtStop } from '../../src/runtime/link-ends.js'
import type { ActorStats } from '../../src/runtime/types.js'

const stats = (links?: ActorStats['links']): ActorStats => ({ kind: 'x', state: 'stopped', pid: null, threadId: null, restarts: 0, sent: 0, received: 0, errors: 0, bytesSent: 0, bytesReceived: 0, busy: null, ...(links !== undefined ? { links } : {}) })
const figures = (received: number, dropped: number): { received: number, dropped: number, lagMs: number, peakLagMs: number } => ({ received, dropped, lagMs: 0, peakLagMs: 0 })

t.test('the gap between the sender\'s last sequence number and the one expected next is dropped', async t => {
  const actors = { pub: stats(), sub: stats({ in: { 'pub.out': figures(90, 4) } }), late: stats({ in: { 'pub.out': figures(5, 0) } }) }
  countAtStop(actors, {
    pub: { sending: { out: { epoch: 7, seq: 120 } }, receiving: {} },
    sub: { sending: {}, receiving: { in: { 'pub.out': { epoch: 7, next: 94 } } } },
    late: { sending: {}, receiving: { in: { 'pub.out': { epoch: 3, next: 5 } } } },
  })
  t.equal(actors.sub.links!.in!['pub.out']!.dropped, 4 + 26, '26 sent after the last that arrived')
  t.equal(actors.late.links!.in!['pub.out']!.dropped, 0, 'another incarnation of the sender (it restarted): nothing to compare')
})

t.test('a peer whose sender is not known here (another node) is left as it is', async t => {
  const actors = { sub: stats({ in: { 'remote.out': figures(3, 1) } }) }
  countAtStop(actors, { sub: { sending: {}, receiving: { in: { 'remote.out': { epoch: 1, next: 4 } } } } })
  t.equal(actors.sub.links!.in!['remote.out']!.dropped, 1)
})
