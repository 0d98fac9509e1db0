// The observer's page in a real browser, as a user meets it: `zeroactor run --observe 0` (the
// built CLI), Debian's chromium driven headless by playwright-core (never a downloaded browser).
// Every actor and link of the plan is drawn, the figures move, a crash shows a restart in the
// timeline within 2 s, and the link a fast publisher floods into a slow subscriber turns red.
// Then the multi-core load demo (examples/pipeline/load.json): ZEROACTOR_SCREENSHOT=1 writes its
// page to docs/observer.jpg, the screenshot the docs show.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import type { Plan } from '../../src/plan/types.js'
import { crashVictim, freePort, observedTopology, runObserved } from '../fixtures/observer.js'

function chromiumPath (): string | undefined {
  try { return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || undefined } catch { return undefined }
}
const executablePath = chromiumPath()
/**
 * Chromium with a fresh profile of its own, closed and removed at the end (the profile lives
 * outside t.testdir: chromium may still write there as it exits, and tap's cleanup of a testdir
 * does not retry).
 */
async function launch (t: Test, viewport: { width: number, height: number }): Promise<import('playwright-core').BrowserContext> {
  const { chromium } = await import('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'zeroactor-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath, args, headless: true, viewport })
  t.teardown(async () => {
    await context.close()
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 })
  })
  return context
}
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

t.test('the page in chromium: graph, live figures, a restart, a dropping link', { skip: executablePath === undefined ? 'chromium is not installed (apt-get install chromium; .ci/run installs it)' : false }, async t => {
  const dir = t.testdir()
  const victimPort = await freePort()
  const run = await runObserved(t, observedTopology(dir, victimPort))
  const plan = await (await fetch(`${run.url}api/plan`)).json() as Plan

  const context = await launch(t, { width: 1500, height: 1300 })
  const page = context.pages()[0] ?? await context.newPage()
  const problems: string[] = []
  page.on('console', m => { if (m.type() === 'error') problems.push(m.text()) })
  page.on('pageerror', e => problems.push(e.message))
  await page.goto(run.url)

  await page.waitForSelector('#conn.live')
  for (const actor of plan.actors) await page.waitForSelector(`svg [data-actor="${actor.name}"]`, { timeout: 10_000 })
  for (const link of plan.links) t.equal(await page.locator(`svg [data-link="${link.name}"]`).count(), 1, `link ${link.name} is drawn`)
  t.equal(await page.locator('svg [data-actor]').count(), plan.actors.length, 'every actor, once')
  t.match(await page.locator('svg [data-link="tasks"] .name').textContent(), /tasks · inproc/, 'a link is labelled with its transport')
  t.match(await page.locator('svg [data-link="news"] .name').textContent(), /news · ipc/, 'across processes: ipc')

  await page.waitForFunction(() => /in [1-9]/.test(document.querySelector('svg [data-actor="sink"] .line2')?.textContent ?? ''))
  t.match(await page.locator('svg [data-actor="sink"] .line2').textContent(), /^in \d+k?\/s/, 'the sink receives, at a rate')
  const received = await page.locator('#table tbody tr[data-row="sink"] td:nth-child(8)').textContent()
  await page.waitForFunction(before => document.querySelector('#table tbody tr[data-row="sink"] td:nth-child(8)')?.textContent !== before, received)
  t.pass(`the figures move: the sink had received ${received}, then more`)
  await page.waitForFunction(() => /^running · busy \d+%$/.test(document.querySelector('svg [data-actor="slow"] .line1')?.textContent ?? ''), undefined, { timeout: 10_000 })
  t.pass('busy % of an actor in a child process')
  t.match(await page.locator('#table tbody tr[data-row="w1"]').textContent(), /^w1worker/, 'the table has a row per actor')

  await page.waitForSelector('svg [data-link="news"].dropping', { timeout: 20_000 })
  t.pass('the flooded link turned red (dropping)')
  t.notOk(await page.locator('svg [data-link="tasks"]').evaluate(n => n.classList.contains('dropping')), 'a link without drops stays as it is')

  await page.waitForSelector('#events li[data-event="ready"][data-actor="victim"]')
  const crashed = Date.now()
  await crashVictim(victimPort)
  await page.waitForSelector('#events li[data-event="restart"][data-actor="victim"]', { timeout: 2000 })
  t.ok(Date.now() - crashed <= 2000, `the restart is in the timeline ${Date.now() - crashed} ms after the crash`)
  t.match(await page.locator('#events li[data-event="restart"][data-actor="victim"]').first().textContent(), /restart #1: victim crashed on demand/)
  await page.waitForFunction(() => /^1\/\d+ in/.test(document.querySelector('#tree .budget')?.textContent ?? ''))
  t.match(await page.locator('#tree').textContent(), /observed: one_for_one, restart budget 1\/\d+ in \d+ s/, 'the restart counts against the budget')
  t.match(await page.locator('#tree .history li[data-event="restart"]').textContent(), /victim restart #1: victim crashed on demand/, 'and is in its supervisor\'s history')

  await page.selectOption('#log-filter', 'victim')
  await page.waitForFunction(() => /\[victim\] up/.test(document.querySelector('#logs')?.textContent ?? ''))
  t.notMatch(await page.locator('#logs').textContent(), /\[(vent|sink|flood)\]/, 'the log tail filtered to one actor')

  const busyColumn = async (): Promise<number[]> => (await page.locator('#table tbody tr td:nth-child(10)').allTextContents()).map(text => (text === '-' ? -1 : parseInt(text, 10)))
  await page.locator('#table th[data-column="busy"]').click()
  const up = await busyColumn()
  t.same(up, [...up].sort((a, b) => a - b), `sorted by busy %: ${up.join(' ')}`)
  await page.locator('#table th[data-column="busy"]').click()
  const down = await busyColumn()
  t.same(down, [...down].sort((a, b) => b - a), `again: the busiest first: ${down.join(' ')}`)
  t.ok(down[0]! >= 80, 'the flooding publisher or its slow subscriber is the busiest')

  await page.waitForFunction(() => /restarts 1/.test(document.querySelector('svg [data-actor="victim"] .line3')?.textContent ?? ''))
  t.pass('the victim\'s restart is counted on its box')
  t.same(problems, [], 'no script error, nothing refused by the Content-Security-Policy')
  t.equal(await run.stop(), 0, 'the run ends cleanly with a page attached')
  await page.waitForSelector('#conn.down', { timeout: 5000 })
  t.pass('the page sees the server go and says it is reconnecting')

  const again = await runObserved(t, observedTopology(dir, await freePort()), Number(new URL(run.url).port))
  await page.waitForSelector('#conn.live', { timeout: 10_000 })
  await page.waitForFunction(() => /restarts 0/.test(document.querySelector('svg [data-actor="victim"] .line3')?.textContent ?? ''), undefined, { timeout: 5000 })
  t.notOk(await page.locator('#events li[data-event="restart"]').count(), 'the server came back: the page reconnected by itself and shows the new run, its history')
  t.equal(await again.stop(), 0)
})

t.test('the load demo: workers in two processes, each one\'s busy %', { skip: executablePath === undefined ? 'chromium is not installed (apt-get install chromium; .ci/run installs it)' : false }, async t => {
  const run = await runObserved(t, fileURLToPath(new URL('../../examples/pipeline/load.json', import.meta.url)))
  const context = await launch(t, { width: 1400, height: 1000 })
  const page = context.pages()[0] ?? await context.newPage()
  await page.goto(run.url)
  await page.locator('svg .box text').nth(1).waitFor({ timeout: 10_000 }) // the graph is drawn once the layout has arrived
  t.same(await page.locator('svg .box text').allTextContents(), ['node local / process main', 'node local / process workers'])
  for (const worker of ['worker-1', 'worker-2', 'worker-3', 'worker-4']) {
    await page.waitForFunction(name => /busy [1-9]\d*%/.test(document.querySelector(`svg [data-actor="${name}"] .line1`)?.textContent ?? ''), worker, { timeout: 10_000 })
  }
  t.pass('every worker shows its share of the load, in both processes')
  await page.waitForFunction(() => /in [1-9]/.test(document.querySelector('svg [data-actor="sink"] .line2')?.textContent ?? ''))
  t.match(await page.locator('svg [data-link="tasks"] .rate').textContent(), /^\d+k? msg\/s$/, 'the tasks link\'s own rate')
  t.match(await page.locator('svg [data-link="tasks"] .figures').textContent(), /^dropped 0 · lag [\d.]+ ms$/, 'its drops and lag')
  if (process.env.ZEROACTOR_SCREENSHOT === '1') await page.screenshot({ path: fileURLToPath(new URL('../../docs/observer.jpg', import.meta.url)), fullPage: true, type: 'jpeg', quality: 80 })
  t.equal(await run.stop(), 0)
})
