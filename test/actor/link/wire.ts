// The internal-link wire format: a trailer frame and batches. What must hold: every field
// survives the round trip, frames keep their bytes and boundaries (strings as UTF-8, empty
// frames too), and anything that is not a trailer or a well-formed batch is recognised as such.
import { isAscii } from 'node:buffer'
import t from 'tap'
import fc from 'fast-check'
import { bodyFromWire, bodyToWire, decodeTrailer, encodeTrailer, kTrailerSize, packBatch, packedSize, unpackBatch } from '../../../src/actor/link/wire.js'

t.test('a trailer round-trips every field', async t => {
  const trailer = { batch: true, sender: 7, epoch: 2 ** 32 - 1, count: 1024, seq: 2 ** 40 + 3, timestamp: 1_763_700_000_123.456 }
  const frame = encodeTrailer(trailer)
  t.equal(frame.byteLength, kTrailerSize)
  t.same(decodeTrailer(frame), trailer)
  t.same(decodeTrailer(encodeTrailer({ ...trailer, batch: false })), { ...trailer, batch: false })
  t.same(decodeTrailer(encodeTrailer({ ...trailer, base64: true })), { ...trailer, base64: true })
})

t.test('a frame that is not a trailer decodes to undefined', async t => {
  const good = encodeTrailer({ batch: false, sender: 1, epoch: 1, count: 1, seq: 0, timestamp: 0 })
  t.equal(decodeTrailer(Buffer.from('hello')), undefined, 'short')
  t.equal(decodeTrailer(Buffer.concat([good, Buffer.from([0])])), undefined, 'long')
  const foreign = Buffer.from(good)
  foreign[0] = 0x41
  t.equal(decodeTrailer(foreign), undefined, 'no magic')
  const future = Buffer.from(good)
  future[2] = 2
  t.equal(decodeTrailer(future), undefined, 'another version')
})

t.test('a batch keeps messages, frame boundaries and bytes', async t => {
  const messages = [['topic', Buffer.from([0, 1, 2])], ['€uro ünïcode'], [Buffer.alloc(0), ''], [Buffer.alloc(70_000, 7)]]
  const size = messages.reduce((n, m) => n + packedSize(m.reduce((b, f) => b + Buffer.byteLength(f), 0), m.length), 0)
  const body = packBatch(messages, size)
  t.equal(body.byteLength, size)
  const back = unpackBatch(body, messages.length)
  t.same(back.map(m => m.map(f => Buffer.from(f))), messages.map(m => m.map(f => Buffer.from(f))))
})

t.test('a malformed batch throws RangeError, never returns garbage', async t => {
  const body = packBatch([['abc'], ['defg']], packedSize(3, 1) + packedSize(4, 1))
  t.throws(() => unpackBatch(body.subarray(0, body.byteLength - 1), 2), RangeError, 'truncated')
  t.throws(() => unpackBatch(body, 1), RangeError, 'fewer messages than the bytes hold')
  t.throws(() => unpackBatch(body, 3), RangeError, 'more messages than the bytes hold')
  const noFrames = Buffer.alloc(4)
  t.throws(() => unpackBatch(noFrames, 1), RangeError, 'a message without frames')
})

t.test('a batch body goes to zeromq as a string (never a zero-copy Buffer: H2) and comes back byte for byte', async t => {
  const ascii = Buffer.from('10001 23 45\u0000\u0001')
  t.same(bodyToWire(ascii), { wire: ascii.toString('latin1'), base64: false }, 'ASCII goes as it is')
  t.same(bodyFromWire(Buffer.from(bodyToWire(ascii).wire, 'utf8'), false), ascii)
  const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
  const { wire, base64 } = bodyToWire(binary)
  t.equal(typeof wire, 'string')
  t.equal(base64, true, 'bytes over 0x7f: base64, flagged')
  t.ok(isAscii(Buffer.from(wire, 'utf8')), 'whose UTF-8 (what zeromq.js sends for a string) is one byte a character')
  t.same(bodyFromWire(Buffer.from(wire, 'utf8'), base64), binary)
})

t.test('property: any messages survive packBatch → unpackBatch, and any truncation of the body is refused', async t => {
  const frame = fc.oneof(fc.uint8Array({ maxLength: 200 }).map(a => Buffer.from(a)), fc.string({ maxLength: 80 }))
  const messages = fc.array(fc.array(frame, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 20 })
  fc.assert(fc.property(messages, fc.nat(), (batch, cut) => {
    const size = batch.reduce((sum, m) => sum + packedSize(m.reduce((b, f) => b + Buffer.byteLength(f), 0), m.length), 0)
    const body = packBatch(batch, size)
    const back = unpackBatch(body, batch.length)
    const expected = batch.map(m => m.map(f => Buffer.from(f)))
    if (!back.every((m, i) => m.length === expected[i]!.length && m.every((f, j) => f.equals(expected[i]![j]!)))) return false
    const short = body.subarray(0, cut % body.byteLength)
    try { unpackBatch(short, batch.length) } catch (error) { return error instanceof RangeError }
    return false
  }), { numRuns: 2000 })
  t.pass('2000 random batches')
})
