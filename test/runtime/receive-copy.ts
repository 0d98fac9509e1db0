// H2 at its root (src/receive-copy.ts): every frame received in a zeroactor process is a copy, so
// no received Buffer points into another thread's memory, and a process whose threads streamed
// 64 KiB frames over inproc exits cleanly, every time.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import * as zmq from 'zeromq'
import { receiveCopies } from '../../src/receive-copy.js'
import { fixture } from '../fixtures/topology.js'

const run = promisify(execFile)

t.test('after receiveCopies(), a frame received over inproc is a copy; process.versions is left as it was', async t => {
  t.equal(await receiveCopies(), true)
  t.equal(process.versions.electron, undefined)
  t.notOk('electron' in process.versions)
  const rx = new zmq.Pair()
  const tx = new zmq.Pair()
  t.teardown(() => { rx.close(); tx.close() })
  await rx.bind('inproc://receive-copy-test')
  tx.connect('inproc://receive-copy-test')
  const sent = Buffer.alloc(4096, 7)
  await tx.send(sent)
  const [frame] = await rx.receive()
  frame![0] = 9
  t.equal(sent[0], 7, 'writing into the received frame leaves the sent one alone')
})

t.test('when the process received a frame before, it says so (the sockets then copy inproc frames themselves)', async t => {
  const script = `
    import * as zmq from 'zeromq'
    import { receiveCopies } from ${JSON.stringify(new URL('../../dist/src/receive-copy.js', import.meta.url).href)}
    const a = new zmq.Pair(), b = new zmq.Pair()
    await a.bind('inproc://first'); b.connect('inproc://first')
    await b.send(Buffer.alloc(300)); await a.receive(); a.close(); b.close()
    console.log(await receiveCopies())`
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: fixture('.') })
  t.equal(stdout.trim(), 'false')
})

t.test('two apps streaming 64 KiB frames over an explicit inproc endpoint, stopped, exit 0 in 10 runs of 10', async t => {
  // before the fix, 4 runs in 10 aborted at exit ("corrupted double-linked list")
  const outcomes: string[] = []
  for (let i = 0; i < 10; i++) {
    const outcome = await run(process.execPath, [fixture('js/inproc-exit.js'), '2000'], { timeout: 60_000 })
      .then(({ stdout }) => stdout.trim(), (error: { code?: number, signal?: string, stderr?: string }) => `exit ${error.code ?? error.signal}: ${error.stderr?.slice(-200)}`)
    outcomes.push(outcome)
  }
  t.same(outcomes, Array(10).fill('received 2000'))
})
