// The observer's HTTP side without a browser: every endpoint's status, headers and JSON, the
// Server-Sent Events stream, the token rule, the options checked before anything starts, 50
// streams opened and dropped without a leaked descriptor, and stop() closing everything.
import { readdirSync, writeFileSync } from 'node:fs'
import { get, type IncomingMessage } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { Push } from 'zeromq'
import { main } from '../../src/cli/main.js'
import { spawn, type App } from '../../src/index.js'
import { waitFor } from '../../src/testing.js'
import { captureIo } from '../fixtures/io.js'
import { fixture, inproc } from '../fixtures/topology.js'

const topology = (): { name: string, actors: Record<string, { module: string, sockets: { in: { bind: string[] } }, restart: string }> } => ({
  name: 'watched',
  actors: {
    a: { module: fixture('crash-on-demand.ts'), sockets: { in: { bind: [inproc()] } }, restart: 'temporary' },
    b: { module: fixture('crash-on-demand.ts'), sockets: { in: { bind: [inproc()] } }, restart: 'permanent' },
  },
})

async function crash (endpoint: string): Promise<void> {
  await crashWith(endpoint, 'crash')
}

/** Sends one message to an actor's inproc PULL socket. */
async function crashWith (endpoint: string, message: string): Promise<void> {
  const push = new Push({ linger: 1000 })
  push.connect(endpoint)
  await push.send(message)
  push.close()
}

/** A response's status, headers and JSON body (a body that is not JSON fails the parse). */
async function json (url: string, init?: RequestInit): Promise<{ status: number, headers: Headers, body: any }> {
  const res = await fetch(url, init)
  return { status: res.status, headers: res.headers, body: await res.json() }
}

/** An open event stream: what arrived so far, and how to end it from the client's side. */
function openStream (url: string): Promise<{ res: IncomingMessage, text: () => string, ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', chunk => { text += chunk })
      const ended = new Promise<void>(resolve => res.once('close', resolve))
      resolve({ res, text: () => text, ended })
    }).once('error', reject)
  })
}

/** The events of one kind in a stream's text, parsed. */
const eventsOf = (text: string, name: string): any[] => [...text.matchAll(new RegExp(`^event: ${name}\ndata: (.*)\n\n`, 'gm'))].map(m => JSON.parse(m[1]!))

t.test('every endpoint, the stream, and stop() closing them', async t => {
  const spec = topology()
  const app = await spawn(spec, { observe: { port: 0 } })
  t.teardown(() => app.stop())
  const base = app.observerUrl!
  t.match(base, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'loopback by default, the real port')

  const page = await fetch(base)
  t.equal(page.status, 200)
  const csp = page.headers.get('content-security-policy')!
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1]
  t.ok(nonce !== undefined, csp)
  t.match(csp, /default-src 'none'/)
  t.notMatch(csp, /unsafe-inline|unsafe-eval|\*/, 'nothing inline without the nonce, nothing from elsewhere')
  const html = await page.text()
  t.equal(html.split(`nonce="${nonce!}"`).length - 1, 2, 'the script and the style carry this response\'s nonce')
  t.notMatch(html, /<script[^>]*\ssrc=|<link[^>]*stylesheet|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'self-contained: nothing loaded from elsewhere')
  t.not(/script-src 'nonce-([^']+)'/.exec((await fetch(base)).headers.get('content-security-policy')!)?.[1], nonce, 'a fresh nonce per response')

  t.same((await json(`${base}api/plan`)).body, JSON.parse(JSON.stringify(app.plan)), '/api/plan: the plan, as check --json prints it')
  const stats = (await json(`${base}api/stats`)).body
  t.same(Object.keys(stats.actors), ['a', 'b'])
  t.match(stats, { topology: 'watched', actors: { a: { state: 'running', kind: 'module' } } })
  const layout = (await json(`${base}api/layout`)).body
  t.same(layout.actors.map((a: { name: string }) => a.name), ['a', 'b'])
  t.same((await json(`${base}alive`)).body, { alive: true, topology: 'watched' })
  const up = await json(`${base}ready`)
  t.equal(up.status, 200, '/ready: 200 while every actor runs')
  t.same(up.body, { ready: true, notReady: [], failed: [] })
  t.match(up.headers.get('content-type'), /^application\/json/)

  const missing = await json(`${base}nope`)
  t.equal(missing.status, 404)
  t.match(missing.body, { error: 'not-found', message: /no \/nope here: GET \// })
  const post = await json(`${base}api/stats`, { method: 'POST' })
  t.equal(post.status, 405)
  t.equal(post.headers.get('allow'), 'GET, HEAD')
  t.match(post.body, { error: 'method-not-allowed' })

  const stream = await openStream(`${base}api/events`)
  t.match(stream.res.headers['content-type'], /^text\/event-stream/)
  await waitFor(() => eventsOf(stream.text(), 'figures').length >= 2, { timeout: 5000, message: 'two figures' })
  const [history] = eventsOf(stream.text(), 'history')
  t.same(history.events.filter((e: { event: string }) => e.event === 'ready').map((e: { actor: string }) => e.actor).sort(), ['a', 'b'], 'history: the actors became ready')
  t.same(history.logs.map((l: { actor: string, text: string }) => `${l.actor}:${l.text}`).sort(), ['a:up', 'b:up'], 'history: their log lines')
  const figures = eventsOf(stream.text(), 'figures')
  t.ok(figures[1].elapsedMs - figures[0].elapsedMs >= 300 && figures[1].elapsedMs - figures[0].elapsedMs <= 1500, 'figures about twice a second')
  t.same(Object.keys(figures[0].actors), ['a', 'b'])
  t.same(figures[0].supervision, [{ name: 'watched', used: 0 }])

  const sent = Date.now()
  await crash(spec.actors.a.sockets.in.bind[0]!)
  await waitFor(() => eventsOf(stream.text(), 'event').some(e => e.event === 'failed' && e.actor === 'a'), { timeout: 5000, message: 'the failed event' })
  t.ok(Date.now() - sent < 1000, `an event arrives at once (${Date.now() - sent} ms)`)
  t.match(eventsOf(stream.text(), 'event').find(e => e.event === 'failed'), { actor: 'a', text: /failed: a crashed on demand/ })
  const ready = await json(`${base}ready`)
  t.equal(ready.status, 503, '/ready: 503 once an actor failed')
  t.same(ready.body, { ready: false, notReady: [], failed: ['a'] })

  await app.stop()
  await stream.ended
  t.pass('stop() ended the open stream')
  await t.rejects(fetch(`${base}alive`), 'and closed the server')
})

t.test('a token: every request carries it, as a header or ?token=', async t => {
  const app = await spawn(topology(), { observe: { port: 0, token: 'open-sesame' } })
  t.teardown(() => app.stop())
  const base = app.observerUrl!
  for (const path of ['', 'api/stats', 'api/events', 'alive', 'nope']) {
    const refused = await json(`${base}${path}`)
    t.equal(refused.status, 401, `/${path} without the token`)
    t.match(refused.body, { error: 'unauthorized' })
    t.equal(refused.headers.get('www-authenticate'), 'Bearer')
  }
  t.equal((await fetch(`${base}alive?token=wrong`)).status, 401, 'a wrong token')
  t.equal((await fetch(`${base}alive`, { headers: { authorization: 'Bearer open-sesam' } })).status, 401, 'a prefix of it')
  t.equal((await fetch(`${base}alive`, { headers: { authorization: 'Bearer open-sesame' } })).status, 200, 'Authorization: Bearer')
  t.equal((await fetch(`${base}?token=open-sesame`)).status, 200, '?token= for the page')
  t.notMatch(await (await fetch(`${base}?token=open-sesame`)).text(), /open-sesame/, 'the page does not hold the token')
})

t.test('options are checked before anything starts', async t => {
  const bad: Array<[object, RegExp]> = [
    [{ port: -1 }, /observe\.port must be a port number/],
    [{ port: 70000 }, /observe\.port must be a port number/],
    [{ port: 1.5 }, /observe\.port must be a port number/],
    [{ port: 0, host: '0.0.0.0' }, /observe\.host 0\.0\.0\.0: an observer reachable from other machines needs a token/],
    [{ port: 0, token: ' ' }, /observe\.token must be a non-empty string/],
  ]
  for (const [observe, message] of bad) {
    let started = false
    const spec = topology()
    spec.actors.a.module = fixture('init-logs.ts') // would log if it started
    await t.rejects(spawn(spec, { observe: observe as never }).then(app => { started = true; return app.stop() }), { message }, JSON.stringify(observe))
    t.notOk(started)
  }
  const app = await spawn(topology(), { observe: { port: 0, host: '0.0.0.0', token: 'x' } })
  t.teardown(() => app.stop())
  t.match(app.observerUrl, /^http:\/\/0\.0\.0\.0:\d+\/$/, 'any address with a token')
})

t.test('a port already in use: spawn rejects and stops the actors it started', async t => {
  const blocker = createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const port = (blocker.address() as { port: number }).port
  await t.rejects(spawn(topology(), { observe: { port } }), { code: 'EADDRINUSE' })
})

t.test('50 streams opened and dropped by their clients leave no descriptor behind', async t => {
  const app: App = await spawn(topology(), { observe: { port: 0 } })
  t.teardown(() => app.stop())
  const fds = (): number => readdirSync('/proc/self/fd').length
  // one stream first: whatever the first connection sets up for good (the figures timer) is counted before
  const first = await openStream(`${app.observerUrl!}api/events`)
  first.res.destroy()
  await first.ended
  const before = fds()
  for (let i = 0; i < 50; i++) {
    const s = await openStream(`${app.observerUrl!}api/events`)
    await waitFor(() => s.text().includes('event: history'), { timeout: 2000 })
    s.res.destroy()
    await s.ended
  }
  await waitFor(() => fds() <= before, { timeout: 5000, message: 'the descriptors to be closed' }).catch(() => {})
  t.equal(fds(), before, `descriptors: ${before} before, ${fds()} after 50 streams`)
})

t.test('a chatty actor: its log lines go out with the figures, at most 200 at a time, the rest counted', async t => {
  const endpoint = inproc()
  const app = await spawn({ name: 'chatty', actors: { chatty: { module: fixture('log-flood.ts'), sockets: { in: { bind: [endpoint] } } } } }, { observe: { port: 0 } })
  t.teardown(() => app.stop())
  const reader = await openStream(`${app.observerUrl!}api/events`)
  t.teardown(() => reader.res.destroy())
  await waitFor(() => reader.text().includes('event: history'), { timeout: 5000 })
  await crashWith(endpoint, 'go') // 2 KiB lines, about 4,000 a second, until stopped
  await waitFor(() => eventsOf(reader.text(), 'logs').filter(b => b.skipped > 0).length >= 2, { timeout: 10_000, message: 'batches with lines skipped' })
  const batches = eventsOf(reader.text(), 'logs')
  t.ok(batches.every(b => b.lines.length <= 200), `at most 200 lines a batch (${batches.map(b => `${b.lines.length}+${b.skipped}`).join(', ')})`)
  t.ok(batches.every(b => b.lines.every((l: { actor: string, text: string }) => l.actor === 'chatty' && l.text.length === 2048)), 'each line whole (2 KiB is under the cut)')
  const text = reader.text()
  const figures = eventsOf(text, 'figures').length
  t.ok(figures >= batches.length, `every batch comes with figures (${figures} figures, ${batches.length} batches)`)
})

t.test('zeroactor run --observe: the line it prints, and the server gone when the run ends', async t => {
  const file = join(t.testdir(), 'watched.json')
  writeFileSync(file, JSON.stringify(topology()))
  const io = captureIo()
  const running = main(['run', file, '--observe', '0', '--no-table'], io.io)
  await waitFor(() => /^observer: http:\/\/127\.0\.0\.1:\d+\/$/m.test(io.err()), { timeout: 30_000, message: 'the observer line' })
  const url = /^observer: (\S+)$/m.exec(io.err())![1]!
  t.equal((await fetch(`${url}alive`)).status, 200)
  io.abort.abort()
  t.equal(await running, 0)
  await t.rejects(fetch(`${url}alive`), 'closed with the run')
})

t.test('zeroactor run --observe: usage errors before anything starts', async t => {
  const cases: Array<[string[], RegExp]> = [
    [['--observe', 'x'], /--observe must be a port number \(0 for any free port\), got "x"/],
    [['--observe', '99999'], /--observe must be a port number/],
    [['--observe', '0', '--observe-host', '0.0.0.0'], /--observe-host 0\.0\.0\.0: an observer reachable from other machines needs a token \(--observe-token/],
    [['--observe-token', 'x'], /--observe-host and --observe-token go with --observe <port>/],
  ]
  for (const [args, message] of cases) {
    const io = captureIo()
    t.equal(await main(['run', fixture('topologies/short.json'), ...args], io.io), 2, args.join(' '))
    t.match(io.err(), message)
    t.notMatch(io.out(), /\[/, 'no actor ran')
  }
})
