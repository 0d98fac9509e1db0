import t from 'tap'
import { InvalidMessageError, toFrames } from '../src/index.js'

t.test('a message becomes frames without copying bytes', async t => {
  t.same(toFrames('hello'), ['hello'])
  const buf = Buffer.from('abc')
  t.equal(toFrames(buf)[0], buf, 'a Buffer is passed as is')
  const u8 = new Uint8Array([1, 2, 3, 4]).subarray(1, 3)
  const frame = toFrames(u8)[0] as Buffer
  t.ok(Buffer.isBuffer(frame))
  t.same([...frame], [2, 3])
  t.equal(frame.buffer, u8.buffer, 'a Uint8Array is wrapped, not copied')
  t.same(toFrames(['a', buf]), ['a', buf], 'an array is one multipart message')
})

t.test('anything else is an InvalidMessageError naming the frame', async t => {
  for (const [value, what] of [[42, /frame 0 is a number/], [null, /frame 0 is null/], [['ok', {}], /frame 1 is an object/], [[], /at least one frame/], [[['nested']], /frame 0 is an array/]] as const) {
    t.throws(() => toFrames(value), { code: 'ERR_ACTOR_INVALID_MESSAGE', message: what })
  }
  t.throws(() => toFrames(undefined), InvalidMessageError)
})
