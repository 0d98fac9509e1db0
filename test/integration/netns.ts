// Two nodes on two "hosts": Linux network namespaces joined by a veth pair, each with its own
// address, one node runtime in each (`ip netns exec`). Checks delivery end to end, then a cut
// link (5 s) and a frozen node (SIGSTOP, 5 s): both sides notice within heartbeat interval +
// timeout + 500 ms, and traffic resumes within the reconnect maximum + 1 s after the fault ends.
// The link between the hosts is CURVE-secured ("security": { "curve": true }), as it must be.
// Nothing here reaches an address outside the two namespaces. Needs root and iproute2; where
// namespaces cannot be made the test says so and skips.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { kLinkDefaults } from '../../src/topology/defaults.js'
import { writeKeyPair } from '../../src/security/keys.js'
import { Runner, type RunnerEvent } from '../fixtures/runner.js'
import { fixture } from '../fixtures/topology.js'

const id = randomBytes(3).toString('hex')
const subnet = `10.213.${randomBytes(1)[0]}`
const hosts = {
  a: { ns: `za-${id}-a`, dev: `za${id}a`, address: `${subnet}.1` },
  b: { ns: `za-${id}-b`, dev: `za${id}b`, address: `${subnet}.2` },
}
const ip = (...args: string[]): void => { execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] }) }

function makeHosts (): string | undefined {
  try {
    ip('netns', 'add', hosts.a.ns)
    ip('netns', 'add', hosts.b.ns)
    ip('link', 'add', hosts.a.dev, 'type', 'veth', 'peer', 'name', hosts.b.dev)
    for (const h of Object.values(hosts)) {
      ip('link', 'set', h.dev, 'netns', h.ns)
      ip('-n', h.ns, 'addr', 'add', `${h.address}/24`, 'dev', h.dev)
      ip('-n', h.ns, 'link', 'set', h.dev, 'up')
      ip('-n', h.ns, 'link', 'set', 'lo', 'up')
    }
    return undefined
  } catch (error) {
    removeHosts()
    return `network namespaces cannot be created here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`
  }
}

function removeHosts (): void {
  for (const h of Object.values(hosts)) {
    try { ip('netns', 'del', h.ns) } catch { /* not made */ }
  }
}

const notice = kLinkDefaults.heartbeatInterval + kLinkDefaults.heartbeatTimeout + 500
const resume = kLinkDefaults.reconnectMaxInterval + 1000
const kFaultMs = 5000

const skip = makeHosts()
if (skip !== undefined) {
  t.comment(skip)
  t.pass(`skipped: ${skip}`, { skip })
} else {
  t.teardown(removeHosts)
  t.test('two nodes in two network namespaces: delivery, a cut link, a frozen node', async t => {
    const dir = mkdtempSync(join(tmpdir(), 'zeroactor-netns-'))
    const topology = join(dir, 'topology.json')
    // links between hosts go over CURVE (an address other hosts reach needs it, or "insecure")
    const keyA = writeKeyPair(dir, 'a')
    const keyB = writeKeyPair(dir, 'b')
    writeFileSync(topology, JSON.stringify({
      name: 'netns',
      security: { curve: true },
      nodes: {
        a: { host: hosts.a.address, curve: { publicKey: keyA.publicKey, secretKeyFile: keyA.secretFile } },
        b: { host: hosts.b.address, curve: { publicKey: keyB.publicKey, secretKeyFile: keyB.secretFile } },
      },
      actors: {
        ticker: { kind: 'publisher', bind: ['ticks'], source: fixture('js/count-source.js'), rate: 100, params: { prefix: 'tick ' }, node: 'a' },
        watcher: { kind: 'subscriber', connect: ['ticks'], handler: fixture('js/log-each.js'), node: 'b' },
      },
    }))
    const a = new Runner(topology, 'a', ['ip', 'netns', 'exec', hosts.a.ns])
    const b = new Runner(topology, 'b', ['ip', 'netns', 'exec', hosts.b.ns])
    // SIGKILL ends a node still frozen too (a failed assertion before the thaw); Runner.kill()
    // spares one that has exited (a SIGCONT here threw ESRCH for a node that had stopped, on Node 24)
    t.teardown(() => { a.kill(); b.kill() })
    const tick = (e: RunnerEvent): boolean => e.event === 'log' && e.actor === 'watcher'
    const down = (actor: string) => (e: RunnerEvent): boolean => e.event === 'peer-down' && e.actor === actor

    const first = await b.next(tick, 60_000)
    t.match(first.text, /^tick \d+$/, `delivered from ${hosts.a.address} to ${hosts.b.address}`)
    const spawned = await a.next(e => e.event === 'spawned', 1000)
    t.same(Object.keys(spawned.stats!.actors), ['ticker'], 'node a runs only its own actor')

    // a cut link: both sides notice through heartbeats, then traffic resumes
    let fromA = a.events.length
    let fromB = b.events.length
    const cutAt = Date.now()
    ip('-n', hosts.a.ns, 'link', 'set', hosts.a.dev, 'down')
    const aNoticed = await a.next(down('ticker'), kFaultMs, fromA)
    const bNoticed = await b.next(down('watcher'), kFaultMs, fromB)
    t.ok(aNoticed.t - cutAt <= notice, `node a noticed the cut link after ${aNoticed.t - cutAt} ms (≤ ${notice})`)
    t.ok(bNoticed.t - cutAt <= notice, `node b noticed the cut link after ${bNoticed.t - cutAt} ms (≤ ${notice})`)
    await new Promise(resolve => setTimeout(resolve, Math.max(0, cutAt + kFaultMs - Date.now()))) // the fault's length, not a wait for an event
    fromB = b.events.length
    const upAt = Date.now()
    ip('-n', hosts.a.ns, 'link', 'set', hosts.a.dev, 'up')
    const afterCut = await b.next(tick, 10_000, fromB)
    t.ok(afterCut.t - upAt <= resume, `traffic resumed ${afterCut.t - upAt} ms after the link came back (≤ ${resume})`)

    // a frozen node: the live side notices; once thawed, the frozen side notices and traffic resumes
    fromA = a.events.length
    const frozenAt = Date.now()
    process.kill(b.child.pid!, 'SIGSTOP')
    const aNoticedFreeze = await a.next(down('ticker'), kFaultMs + 2000, fromA)
    t.ok(aNoticedFreeze.t - frozenAt <= notice, `node a noticed the frozen node after ${aNoticedFreeze.t - frozenAt} ms (≤ ${notice})`)
    await new Promise(resolve => setTimeout(resolve, Math.max(0, frozenAt + kFaultMs - Date.now())))
    fromB = b.events.length
    const thawedAt = Date.now()
    process.kill(b.child.pid!, 'SIGCONT')
    const bNoticedFreeze = await b.next(down('watcher'), 10_000, fromB)
    t.ok(bNoticedFreeze.t - thawedAt <= notice, `node b, thawed, dropped its stale connection after ${bNoticedFreeze.t - thawedAt} ms (≤ ${notice})`)
    const afterFreeze = await b.next(tick, 10_000, bNoticedFreeze.index)
    t.ok(afterFreeze.t - thawedAt <= resume, `traffic resumed ${afterFreeze.t - thawedAt} ms after the node was thawed (≤ ${resume})`)

    const [statsA, statsB] = await Promise.all([a.stop(), b.stop()])
    t.equal(statsA.stats!.actors.ticker!.restarts, 0, 'no actor restarted: the links healed by themselves')
    t.equal(statsB.stats!.actors.watcher!.restarts, 0)
  })
}
