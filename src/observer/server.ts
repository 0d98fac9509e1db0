/**
 * The observer: a node:http server (no framework) that watches one running app.
 *
 *   GET /            the page (page.html: inline script and style allowed by a per-response
 *                    nonce in a strict Content-Security-Policy, nothing loaded from elsewhere)
 *   GET /api/plan    the plan, as `zeroactor check --json` prints it
 *   GET /api/layout  the drawing of the plan (layout.ts)
 *   GET /api/stats   `app.stats()`, the object `--stats-json` writes
 *   GET /api/events  Server-Sent Events: `figures` (and `logs`) about twice a second, `event`
 *                    as they happen, after one `history` with the recent past
 *   GET /alive       200 while the runtime's event loop turns
 *   GET /ready       200 once every actor is running and none failed, else 503 saying which
 *
 * Errors are JSON: 401 (token), 404 (path), 405 (method). With a token, every request must carry
 * it (`Authorization: Bearer <token>`, or `?token=` where a browser cannot set a header: the page
 * and its EventSource). Nothing runs while no page is connected, and one timer makes the figures
 * for every connected page. Closing ends every stream and every connection.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { App } from '../runtime/app.js'
import { Feed, type LogEntry } from './feed.js'
import { FigureBoard } from './figures.js'
import { layoutOf } from './layout.js'
import { checkObserveOptions, type ObserveOptions } from './options.js'

/** How often connected pages get figures (ms). */
export const kFiguresInterval = 500
/** A stream is dropped once this much waits for its client (see #broadcast). */
export const kMaxBuffered = 1 << 20
/**
 * Log lines go out with the figures, at most this many each time (the rest are counted as
 * skipped): a chatty actor fills no page faster than a person reads, and no stream in one burst.
 */
export const kLogsPerTick = 200

const kJson = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

export class Observer {
  readonly #app: App
  readonly #server: Server
  readonly #token: Buffer | undefined
  readonly #feed: Feed
  readonly #board: FigureBoard
  readonly #page: string
  readonly #layout: string
  readonly #streams = new Set<ServerResponse>()
  /** log lines since the last tick, and how many more were skipped */
  #logs: { lines: LogEntry[], skipped: number } = { lines: [], skipped: 0 }
  #timer: NodeJS.Timeout | undefined
  #closed: Promise<void> | undefined

  private constructor (app: App, token: string | undefined) {
    this.#app = app
    this.#token = token !== undefined ? digest(token) : undefined
    this.#feed = new Feed(app)
    this.#board = new FigureBoard(app.plan)
    this.#page = readPage()
    this.#layout = JSON.stringify(layoutOf(app.plan))
    this.#server = createServer((req, res) => this.#handle(req, res))
    this.#feed.listen(item => {
      if (this.#streams.size === 0) return
      if (item.type === 'event') this.#broadcast(sse('event', item.entry))
      else if (this.#logs.lines.length < kLogsPerTick) this.#logs.lines.push(item.entry)
      else this.#logs.skipped++
    })
  }

  /**
   * Serves the observer of `app` on `host:port` (default 127.0.0.1; port 0: any free port).
   * @throws {RangeError} a bad port, or a host other than loopback without a token
   */
  static async start (app: App, options: ObserveOptions): Promise<Observer> {
    const { port, host, token } = checkObserveOptions(options)
    const observer = new Observer(app, token)
    await new Promise<void>((resolve, reject) => {
      observer.#server.once('error', reject)
      observer.#server.listen(port, host, () => { observer.#server.off('error', reject); resolve() })
    }).catch((error: Error) => { observer.#feed.close(); throw error })
    return observer
  }

  /** `http://host:port/` as the page is reached (never with the token). */
  get url (): string {
    const { address, port, family } = this.#server.address() as AddressInfo
    return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}/`
  }

  /** Ends every stream, closes the server and its connections. Idempotent; never rejects. */
  async close (): Promise<void> {
    this.#closed ??= (async () => {
      clearInterval(this.#timer)
      this.#feed.close()
      for (const res of this.#streams) res.end()
      this.#streams.clear()
      const closed = new Promise<void>(resolve => this.#server.close(() => resolve()))
      this.#server.closeAllConnections()
      await closed
    })()
    await this.#closed
  }

  #handle (req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://observer')
    if (this.#token !== undefined && !this.#authorized(req, url)) {
      error(res, 401, 'unauthorized', 'this observer needs its token: "Authorization: Bearer <token>" or ?token=<token>', { 'www-authenticate': 'Bearer' })
      return
    }
    const route = this.#routes[url.pathname]
    if (route === undefined) { error(res, 404, 'not-found', `no ${url.pathname} here: GET ${Object.keys(this.#routes).join(', ')}`); return }
    if (req.method !== 'GET' && req.method !== 'HEAD') { error(res, 405, 'method-not-allowed', `${req.method ?? ''} ${url.pathname}: only GET`, { allow: 'GET, HEAD' }); return }
    route(req, res)
  }

  readonly #routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/': (_req, res) => {
      const nonce = randomBytes(16).toString('base64')
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      }).end(this.#page.replaceAll('{{nonce}}', nonce))
    },
    '/api/plan': (_req, res) => { res.writeHead(200, kJson).end(JSON.stringify(this.#app.plan, null, 2) + '\n') },
    '/api/layout': (_req, res) => { res.writeHead(200, kJson).end(this.#layout) },
    '/api/stats': (_req, res) => { res.writeHead(200, kJson).end(JSON.stringify(this.#app.stats(), null, 2) + '\n') },
    '/alive': (_req, res) => { res.writeHead(200, kJson).end(JSON.stringify({ alive: true, topology: this.#app.name }) + '\n') },
    '/ready': (_req, res) => {
      const actors = Object.entries(this.#app.stats().actors)
      const notReady = actors.filter(([, a]) => a.state === 'starting' || a.state === 'restarting').map(([name]) => name)
      const failed = actors.filter(([, a]) => a.state === 'failed').map(([name]) => name)
      const ready = notReady.length === 0 && failed.length === 0
      res.writeHead(ready ? 200 : 503, kJson).end(JSON.stringify({ ready, notReady, failed }) + '\n')
    },
    '/api/events': (req, res) => this.#stream(req, res),
  }

  #stream (req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' })
    if (req.method === 'HEAD') { res.end(); return }
    // a lost page reconnects after 1 s (EventSource does it by itself)
    res.write(`retry: 1000\n\n${sse('history', { events: this.#feed.events, logs: this.#feed.logs })}`)
    this.#streams.add(res)
    this.#timer ??= setInterval(() => this.#tick(), kFiguresInterval).unref()
    const done = (): void => {
      this.#streams.delete(res)
      if (this.#streams.size === 0) { clearInterval(this.#timer); this.#timer = undefined }
    }
    res.once('close', done)
  }

  /** One set of figures (and the log lines since the last), made once for every connected page. */
  #tick (): void {
    let text = sse('figures', this.#board.next(this.#app.stats(), this.#app.supervision()))
    if (this.#logs.lines.length > 0) text += sse('logs', this.#logs)
    this.#logs = { lines: [], skipped: 0 }
    this.#broadcast(text)
  }

  /**
   * To every stream; one whose client stopped reading (a frozen tab, a stalled network) is dropped
   * once kMaxBuffered waits in its buffer rather than grow the runtime's memory: its EventSource
   * reconnects and starts again from the history. (The kernel's socket buffers fill first: tens
   * of MiB on Linux, so this is a bound on memory, not a prompt disconnect.)
   */
  #broadcast (text: string): void {
    for (const res of this.#streams) {
      if (res.writableLength > kMaxBuffered) res.destroy()
      else res.write(text)
    }
  }

  #authorized (req: IncomingMessage, url: URL): boolean {
    const header = req.headers.authorization
    const given = header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length) : url.searchParams.get('token')
    return given !== null && timingSafeEqual(digest(given), this.#token!)
  }
}

/** Hashes compared, not tokens: equal lengths for timingSafeEqual, and no early exit on a prefix. */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

function sse (event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

function error (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...kJson, ...headers }).end(JSON.stringify({ error: code, message }) + '\n')
}

/**
 * page.html sits next to this file under src/; the package ships src/ too, so compiled code in
 * dist/src/observer/ reads it from there (tsc copies no HTML).
 */
function readPage (): string {
  for (const candidate of ['./page.html', '../../../src/observer/page.html']) {
    try { return readFileSync(new URL(candidate, import.meta.url), 'utf8') } catch { /* next */ }
  }
  throw new Error('zeroactor: the observer page (src/observer/page.html) is missing from the installation')
}
