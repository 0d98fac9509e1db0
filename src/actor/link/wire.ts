import { isAscii } from 'node:buffer'
import type { SocketType } from '../../topology/schema.js'

/**
 * The wire format of an internal link (a logical link whose every end is an actor of the
 * topology; see plan/internal-links.ts). Edge links never see it: they carry exactly the user's frames.
 *
 * A message on an internal link is the user's frames plus one **trailer** frame:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 2 | magic `ZA` |
 * | 2 | 1 | version (1) |
 * | 3 | 1 | flags: bit 0 = the message is a batch; bit 1 = its body went as base64 (see {@link bodyToWire}) |
 * | 4 | 4 | sender: the sending socket's id in the plan (u32 LE) |
 * | 8 | 4 | epoch: random per socket incarnation, so a restarted sender is not taken for a gap (u32 LE) |
 * | 12 | 4 | count: logical messages carried (u32 LE) |
 * | 16 | 8 | seq: the sender's sequence number of the first message (f64 LE, an integer) |
 * | 24 | 8 | timestamp: when the sender handed it to zeromq, ms since the epoch (f64 LE) |
 *
 * A batch is `[body, trailer]`: the body packs `count` messages, each as its frame count (u32 LE)
 * then each frame as its length (u32 LE) and bytes. An empty batch (count 0, `seq` the next
 * sequence number) is a publisher's end of stream (batch-sender.ts). The receiving socket splits
 * a batch, so user code sends and receives single messages. A message too large for a batch goes
 * alone, as `[...frames, trailer]`, and so does a lone message whose frames zeromq.js copies anyway.
 *
 * The body is handed to zeromq as a string, never as a Buffer: zeromq.js sends a Buffer over 128
 * bytes zero-copy and hands it back to the sending thread's module when libzmq is done with it,
 * which may be after that thread has ended (H2 in docs/hazards.md: heap corruption at exit). A string is copied
 * into memory libzmq owns and frees on any thread. The chaos test found this: batching made every
 * busy internal link carry such Buffers, and 1 run in 3 aborted at exit.
 */
export const kTrailerSize = 32
const kMagic0 = 0x5a
const kMagic1 = 0x41
const kVersion = 1
const kFlagBatch = 1
const kFlagBase64 = 2

/** Socket types that add a trailer when they send on an internal link (data flows from them). */
export const framedSenders: ReadonlySet<SocketType> = new Set(['pub', 'xpub', 'push'])
/** Socket types that strip it when they receive (xpub receives subscriptions, xsub sends them: never framed). */
export const framedReceivers: ReadonlySet<SocketType> = new Set(['sub', 'xsub', 'pull'])
/** Receivers that get every message of a sender, so a sequence gap is a message lost (PUSH deals round-robin: gaps are normal). */
export const gapCounting: ReadonlySet<SocketType> = new Set(['sub', 'xsub'])

export interface Trailer {
  batch: boolean
  /** the batch body went as base64 (it had bytes over 0x7f) */
  base64?: boolean
  sender: number
  epoch: number
  count: number
  seq: number
  timestamp: number
}

/** Milliseconds since the epoch, sub-millisecond where the platform allows. */
export function now (): number {
  return performance.timeOrigin + performance.now()
}

/**
 * A sender incarnation's id, 1 to 2^32 - 1 (0 reads as "none yet" in counters.ts). It only has to
 * differ from the previous incarnation's: Math.random, not node:crypto, which would cost every
 * actor thread ~5 ms of start-up.
 */
export function newEpoch (): number {
  return 1 + Math.floor(Math.random() * (2 ** 32 - 1))
}

export function encodeTrailer (t: Trailer): Buffer {
  const b = Buffer.allocUnsafe(kTrailerSize)
  b[0] = kMagic0
  b[1] = kMagic1
  b[2] = kVersion
  b[3] = (t.batch ? kFlagBatch : 0) | (t.base64 === true ? kFlagBase64 : 0)
  b.writeUInt32LE(t.sender, 4)
  b.writeUInt32LE(t.epoch, 8)
  b.writeUInt32LE(t.count, 12)
  b.writeDoubleLE(t.seq, 16)
  b.writeDoubleLE(t.timestamp, 24)
  return b
}

/** The trailer in a frame, or undefined when the frame is not one (a foreign peer's message). */
export function decodeTrailer (b: Buffer): Trailer | undefined {
  if (b.byteLength !== kTrailerSize || b[0] !== kMagic0 || b[1] !== kMagic1 || b[2] !== kVersion) return undefined
  return {
    batch: (b[3]! & kFlagBatch) !== 0,
    ...((b[3]! & kFlagBase64) !== 0 ? { base64: true } : {}),
    sender: b.readUInt32LE(4),
    epoch: b.readUInt32LE(8),
    count: b.readUInt32LE(12),
    seq: b.readDoubleLE(16),
    timestamp: b.readDoubleLE(24),
  }
}

/** Bytes a message takes in a batch body. */
export function packedSize (frameBytes: number, frames: number): number {
  return 4 + 4 * frames + frameBytes
}

/** Packs messages (arrays of frames) into one batch body of `size` bytes (the sum of {@link packedSize}). */
export function packBatch (messages: ReadonlyArray<ReadonlyArray<string | Buffer>>, size: number): Buffer {
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const frames of messages) {
    put32(out, at, frames.length)
    at += 4
    for (const frame of frames) {
      if (typeof frame === 'string') {
        const n = out.write(frame, at + 4)
        put32(out, at, n)
        at += 4 + n
      } else {
        const n = frame.byteLength
        put32(out, at, n)
        at += 4
        if (n > kCopyLoopMax) frame.copy(out, at)
        else for (let i = 0; i < n; i++) out[at + i] = frame[i]!
        at += n
      }
    }
  }
  return out
}

/**
 * Frames up to this size are copied into a batch byte by byte: Buffer#copy costs about 60 ns a
 * call, more than the loop for a small frame. So do writeUInt32LE and readUInt32LE, which check
 * their arguments (put32 and get32 below stay inside the sizes computed here).
 */
const kCopyLoopMax = 64

function put32 (b: Buffer, at: number, v: number): void {
  b[at] = v
  b[at + 1] = v >>> 8
  b[at + 2] = v >>> 16
  b[at + 3] = v >>> 24
}

function get32 (b: Buffer, at: number): number {
  return (b[at]! | b[at + 1]! << 8 | b[at + 2]! << 16) + b[at + 3]! * 0x1000000
}

/**
 * A batch body as zeromq should get it: a string (copied by zeromq into memory it owns, see
 * above), which zeromq.js sends as its UTF-8. ASCII bodies go as they are and arrive byte for
 * byte. Others (any byte over 0x7f: most binary data) go as base64, flagged, and
 * {@link bodyFromWire} decodes them: a 64 KiB random body costs ~90 µs there and back, against
 * ~1 100 µs as the UTF-8 of its latin1 reading (1.5 times the bytes, and a slow decode).
 */
export function bodyToWire (body: Buffer): { wire: string, base64: boolean } {
  return isAscii(body) ? { wire: body.toString('latin1'), base64: false } : { wire: body.toString('base64'), base64: true }
}

export function bodyFromWire (frame: Buffer, base64: boolean | undefined): Buffer {
  return base64 === true ? Buffer.from(frame.toString('latin1'), 'base64') : frame
}

/** zeromq.js copies a Buffer of up to this many bytes when it sends it, and sends a larger one zero-copy (H2). */
export const kZeroCopyThreshold = 128

/**
 * Splits a batch body into messages. The frames are views of `body`.
 * @throws {RangeError} when the body is not a well-formed batch of `count` messages
 */
export function unpackBatch (body: Buffer, count: number): Buffer[][] {
  const out: Buffer[][] = new Array(count)
  const end = body.byteLength
  // views made with Buffer.from(arrayBuffer, offset, length): about 20 % cheaper than subarray(),
  // which looks up the species constructor for every view
  const memory = body.buffer
  const offset = body.byteOffset
  let at = 0
  for (let m = 0; m < count; m++) {
    if (at + 4 > end) throw new RangeError('a batch holds fewer messages than its trailer says')
    const frames = get32(body, at)
    at += 4
    if (frames === 0) throw new RangeError('a batched message has no frame')
    const message: Buffer[] = []
    for (let f = 0; f < frames; f++) {
      if (at + 4 > end) throw new RangeError('a batched frame runs past the end of the batch')
      const length = get32(body, at)
      at += 4
      if (at + length > end) throw new RangeError('a batched frame runs past the end of the batch')
      message.push(Buffer.from(memory, offset + at, length))
      at += length
    }
    out[m] = message
  }
  if (at !== end) throw new RangeError('bytes left over after the last batched message')
  return out
}
