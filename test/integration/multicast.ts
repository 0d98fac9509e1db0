// radio → dish over a real multicast group: three "hosts" (Linux network namespaces) on one
// switch (a bridge in a fourth namespace), one node runtime in each (`ip netns exec`). Node a's
// radios send to 239.x.y.1 (groups "weather" and "noise") and to 239.x.y.2 ("weather" too); the
// dishes on nodes b and c joined 239.x.y.1 and "weather" only. Host b routes multicast
// (`ip route add 239.0.0.0/8 dev mc0`) and binds the bare group address; host c has no multicast
// route and names its interface (`udp://<its address>;239.x.y.1:port`): the two forms libzmq 4.3.5
// takes. Nothing here touches the root namespace but loopback; every namespace made is removed.
// Needs root and iproute2; where namespaces cannot be made the test says so and skips.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { Runner, type RunnerEvent } from '../fixtures/runner.js'
import { fixture } from '../fixtures/topology.js'

const id = randomBytes(3).toString('hex')
const [x, y, z] = randomBytes(3)
const subnet = `10.214.${x}`
const port = 20_000 + (randomBytes(2).readUInt16BE() % 40_000)
const group = `239.${y}.${z}.1`
const otherGroup = `239.${y}.${z}.2`
const sw = `za-${id}-sw`
const hosts = {
  a: { ns: `za-${id}-a`, address: `${subnet}.1`, route: true },
  b: { ns: `za-${id}-b`, address: `${subnet}.2`, route: true },
  c: { ns: `za-${id}-c`, address: `${subnet}.3`, route: false },
}
const ip = (...args: string[]): void => { execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] }) }

function makeHosts (): string | undefined {
  try {
    ip('netns', 'add', sw)
    ip('-n', sw, 'link', 'add', 'name', 'zbr', 'type', 'bridge')
    ip('-n', sw, 'link', 'set', 'zbr', 'up')
    for (const [name, h] of Object.entries(hosts)) {
      ip('netns', 'add', h.ns)
      // the veth is made inside the switch's namespace, its peer straight in the host's
      ip('-n', sw, 'link', 'add', 'name', `p${name}`, 'type', 'veth', 'peer', 'name', 'mc0', 'netns', h.ns)
      ip('-n', sw, 'link', 'set', `p${name}`, 'master', 'zbr')
      ip('-n', sw, 'link', 'set', `p${name}`, 'up')
      ip('-n', h.ns, 'addr', 'add', `${h.address}/24`, 'dev', 'mc0')
      ip('-n', h.ns, 'link', 'set', 'mc0', 'multicast', 'on', 'up')
      ip('-n', h.ns, 'link', 'set', 'lo', 'up')
      if (h.route) ip('-n', h.ns, 'route', 'add', '239.0.0.0/8', 'dev', 'mc0')
    }
    return undefined
  } catch (error) {
    removeHosts()
    return `network namespaces cannot be created here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`
  }
}

function removeHosts (): void {
  for (const ns of [...Object.values(hosts).map(h => h.ns), sw]) {
    try { ip('netns', 'del', ns) } catch { /* not made */ }
  }
}

const kEach = 20

const skip = makeHosts()
if (skip !== undefined) {
  t.comment(skip)
  t.pass(`skipped: ${skip}`, { skip })
} else {
  t.teardown(removeHosts)
  t.test('one radio, two dishes in two other namespaces, over a 239.x multicast group', async t => {
    const dir = mkdtempSync(join(tmpdir(), 'zeroactor-multicast-'))
    const topology = join(dir, 'topology.json')
    const source = fixture('js/count-source.js')
    const handler = fixture('js/log-frames.js')
    writeFileSync(topology, JSON.stringify({
      name: 'multicast',
      nodes: Object.fromEntries(Object.entries(hosts).map(([name, h]) => [name, { host: h.address }])),
      actors: {
        weather: { kind: 'radio', connect: [`udp://${group}:${port}`], group: 'weather', source, params: { prefix: 'w' }, rate: 50, node: 'a' },
        noise: { kind: 'radio', connect: [`udp://${group}:${port}`], group: 'noise', source, params: { prefix: 'n' }, rate: 20, count: kEach, node: 'a' },
        stray: { kind: 'radio', connect: [`udp://${otherGroup}:${port}`], group: 'weather', source, params: { prefix: 's' }, rate: 20, count: kEach, node: 'a' },
        dishB: { kind: 'dish', bind: [`udp://${group}:${port}`], groups: ['weather'], handler, node: 'b' },
        dishC: { kind: 'dish', bind: [`udp://${hosts.c.address};${group}:${port}`], groups: ['weather'], handler, node: 'c' },
      },
    }))
    const b = new Runner(topology, 'b', ['ip', 'netns', 'exec', hosts.b.ns])
    const c = new Runner(topology, 'c', ['ip', 'netns', 'exec', hosts.c.ns])
    const runners = [b, c]
    t.teardown(() => { for (const r of runners) r.kill() })
    const ready = (actor: string) => (e: RunnerEvent): boolean => e.event === 'ready' && e.actor === actor
    await Promise.all([b.next(ready('dishB'), 60_000), c.next(ready('dishC'), 60_000)])
    // the radios start once both dishes have joined: every datagram is sent while they listen
    const a = new Runner(topology, 'a', ['ip', 'netns', 'exec', hosts.a.ns])
    runners.push(a)
    const finished = (actor: string) => (e: RunnerEvent): boolean => e.event === 'finished' && e.actor === actor
    const [noiseDone, strayDone] = await Promise.all([a.next(finished('noise'), 60_000), a.next(finished('stray'), 60_000)])
    const lastOther = Math.max(noiseDone.t, strayDone.t)

    const logged = (runner: Runner, actor: string): string[] => runner.events.filter(e => e.event === 'log' && e.actor === actor).map(e => e.text!)
    for (const [runner, actor] of [[b, 'dishB'], [c, 'dishC']] as const) {
      // a weather message sent after noise's and stray's last: what they sent has had its chance
      const isLog = (e: RunnerEvent): boolean => e.event === 'log' && e.actor === actor
      await runner.next(e => isLog(e) && e.t > lastOther + 100, 10_000)
      for (let i = 0, from = 0; i < kEach; i++) from = (await runner.next(isLog, 10_000, from)).index + 1
      const texts = logged(runner, actor)
      t.ok(texts.length >= kEach, `${actor} received ${texts.length} messages (≥ ${kEach})`)
      t.same(texts.filter(text => !/^weather\|w\d+$/.test(text)), [], `${actor} got only group "weather" of ${group}: nothing of group "noise", nothing sent to ${otherGroup}`)
    }
    const indices = (actor: string, runner: Runner): Set<string> => new Set(logged(runner, actor).map(text => text.slice('weather|w'.length)))
    const atB = indices('dishB', b)
    const both = [...indices('dishC', c)].filter(i => atB.has(i))
    t.ok(both.length >= kEach / 2, `${both.length} of the radio's sends reached both hosts (each is one datagram to the group)`)

    const statsA = await a.stats()
    t.equal(statsA.stats!.actors.noise!.sent, kEach, 'noise sent its messages to the dishes\' address')
    t.equal(statsA.stats!.actors.stray!.sent, kEach, 'stray sent its messages to the other group')
    const stopped = await Promise.all([a.stop(), b.stop(), c.stop()])
    for (const s of stopped) for (const [actor, st] of Object.entries(s.stats!.actors)) t.equal(st.restarts, 0, `${actor} never restarted`)
  })
}
